using System.Text.Json;
using KmodForge.Errors;
using KmodForge.Targets;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace KmodForge.Service.Api;

/// <summary>The body of POST /build, read or refused (with the status code and a message that says what was wrong).</summary>
public sealed record ReadOutcome(BuildRequest? Request, int StatusCode, ErrorResponse? Error);

/// <summary>
/// Reads a POST /build body: JSON only, at most the configured size, one object whose fields are the seed's five names
/// with string (or null) values. Unknown fields, duplicate fields and non-string values are refused with one entry per
/// field; malformed JSON is refused with the parser's position. Nothing is dispatched for a refused body.
/// </summary>
public static class BuildRequestReader
{
    public static readonly IReadOnlyList<string> Fields = ["kernel_version", "architecture", "distribution", "distro_version", "driver_version"];

    public static async Task<ReadOutcome> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !IsJson(media.MediaType.Value)))
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, $"the body must be JSON (Content-Type: application/json), not {Printable.Quote(contentType)}");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (buffer.Length > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }

        return Parse(body);
    }

    /// <summary>Parses a body already read (pure; unit-tested).</summary>
    public static ReadOutcome Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return Refuse(StatusCodes.Status400BadRequest, "the body is empty; send a JSON object with " + string.Join(", ", Fields));
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions
            {
                MaxDepth = 8,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
                AllowDuplicateProperties = false,
            });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Refuse(StatusCodes.Status400BadRequest, $"the body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            var problems = new List<FieldProblem>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    problems.Add(new(ShownName(property.Name), Printable.Quote(property.Value.GetRawText()),
                        "is not a known field; accepted: " + string.Join(", ", Fields)));
                }
                else if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    problems.Add(new(property.Name, Printable.Quote(property.Value.GetRawText()),
                        $"must be a JSON string, not {property.Value.ValueKind.ToString().ToLowerInvariant()}"));
                }
            }

            if (problems.Count > 0)
            {
                return new(null, StatusCodes.Status400BadRequest, new ErrorResponse("invalid build request", problems));
            }

            return new(document.RootElement.Deserialize<BuildRequest>(ServiceJson.Options), StatusCodes.Status200OK, null);
        }
        catch (JsonException e)
        {
            // One 1-based line:column, as every other JSON reader reports it; the parser's own 0-based pair is dropped.
            var where = e.LineNumber is null ? string.Empty : " at " + JsonErrors.Position(e);
            return Refuse(StatusCodes.Status400BadRequest, $"the body is not valid JSON{where}: {FirstSentence(JsonErrors.Message(e))}");
        }
    }

    /// <summary>An unknown field's name as sent when it is a plain name, else made printable.</summary>
    private static string ShownName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? name : Printable.Quote(name);

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static ReadOutcome TooLarge(long maxBytes) =>
        Refuse(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {maxBytes} bytes");

    private static ReadOutcome Refuse(int status, string message) => new(null, status, new ErrorResponse(message));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end > 0 ? message[..(end + 1)] : message;
        var printable = new string(sentence.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
        return printable.Length > 200 ? printable[..200] + "..." : printable;
    }
}
