using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Service.Api;

/// <summary>One bad field: its name, the value given made printable (<see cref="FieldError.Printable"/>), and what is accepted.</summary>
public sealed record FieldProblem(string Field, string Value, string Problem)
{
    public static FieldProblem From(FieldError e) => new(e.Field, Printable.Quote(e.Value), e.Problem);
}

/// <summary>Every error answer: one message, plus one entry per bad field when fields were at fault.</summary>
public sealed record ErrorResponse(string Error, IReadOnlyList<FieldProblem>? Errors = null, string? BuildId = null);

/// <summary>202: the build that holds the request (seed contract: message and build_id).</summary>
public sealed record BuildAcceptedResponse(string Message, string BuildId, string StatusUrl);

/// <summary>200: the package is published already.</summary>
public sealed record PublishedResponse(string Message, string Location, string Tag, string FileName, string Sha256, long Size);

/// <summary>200 to POST /build: an earlier build found the driver does not apply to the target (status <c>not_applicable</c>).</summary>
public sealed record NotApplicableResponse(string Message, string Status, string Reason, string BuildId, string StatusUrl);

/// <summary>GET /status/{id}.</summary>
/// <remarks>The status, reason and location come first, so a client that shows only the start of the answer shows them.</remarks>
public sealed record StatusResponse(
    string Status,
    string? Reason,
    string? Location,
    string BuildId,
    string CacheKey,
    string Backend,
    string? Sha256,
    string? RunUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DispatchedAt,
    string? SignatureKeyId = null);

/// <summary>One readiness check of /healthz.</summary>
public sealed record HealthCheck(bool Ok, string Detail);

/// <summary>GET /healthz: alive (it answered) and whether it is ready to take builds.</summary>
public sealed record HealthResponse(string Status, bool Live, bool Ready, IReadOnlyDictionary<string, HealthCheck> Checks);
