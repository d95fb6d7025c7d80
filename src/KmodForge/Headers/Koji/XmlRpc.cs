using System.Globalization;
using System.Xml.Linq;
using KmodForge.Errors;

namespace KmodForge.Headers.Koji;

/// <summary>An XML-RPC fault (faultCode, faultString) answered by the server.</summary>
public sealed class XmlRpcFaultException(int code, string message) : KmodForgeException($"XML-RPC fault {code}: {message}")
{
    public int Code { get; } = code;
}

/// <summary>
/// The XML-RPC wire format as Koji speaks it: requests with positional parameters; responses whose values may be
/// <c>&lt;nil/&gt;</c> (None) and <c>&lt;i8&gt;</c> (ints beyond 32 bits), structs, arrays and faults.
/// Values decode to string, int, long, bool, double, null, byte[], DateTime, Dictionary&lt;string, object?&gt; and List&lt;object?&gt;.
/// </summary>
public static class XmlRpc
{
    public static string Request(string method, params object?[] parameters) =>
        new XDocument(new XElement("methodCall",
            new XElement("methodName", method),
            new XElement("params", parameters.Select(p => new XElement("param", Encode(p)))))).ToString(SaveOptions.DisableFormatting);

    /// <summary>Decodes a methodResponse: its single value, or a <see cref="XmlRpcFaultException"/>.</summary>
    public static object? ParseResponse(string xml)
    {
        var root = XDocument.Parse(xml).Root ?? throw new FormatException("empty XML-RPC response");
        if (root.Name != "methodResponse")
        {
            throw new FormatException($"not an XML-RPC methodResponse: <{root.Name}>");
        }

        if (root.Element("fault")?.Element("value") is { } fault)
        {
            var f = Decode(fault) as Dictionary<string, object?>;
            var code = f?.GetValueOrDefault("faultCode") is int c ? c : 0;
            throw new XmlRpcFaultException(code, f?.GetValueOrDefault("faultString") as string ?? "(no message)");
        }

        var value = root.Element("params")?.Element("param")?.Element("value")
            ?? throw new FormatException("XML-RPC response has neither params nor fault");
        return Decode(value);
    }

    private static XElement Encode(object? value) => new("value", value switch
    {
        null => new XElement("nil"),
        string s => new XElement("string", s),
        bool b => new XElement("boolean", b ? "1" : "0"),
        int i => new XElement("int", i.ToString(CultureInfo.InvariantCulture)),
        long l => new XElement("i8", l.ToString(CultureInfo.InvariantCulture)),
        double d => new XElement("double", d.ToString("R", CultureInfo.InvariantCulture)),
        IReadOnlyDictionary<string, object?> map => new XElement("struct", map.Select(kv => new XElement("member", new XElement("name", kv.Key), Encode(kv.Value)))),
        IEnumerable<object?> list => new XElement("array", new XElement("data", list.Select(Encode))),
        _ => throw new ArgumentException($"cannot encode {value.GetType().Name} as XML-RPC", nameof(value)),
    });

    private static object? Decode(XElement value)
    {
        var typed = value.Elements().FirstOrDefault();
        if (typed is null)
        {
            return value.Value; // a bare <value>text</value> is a string
        }

        return typed.Name.LocalName switch
        {
            "nil" => null,
            "string" => typed.Value,
            "int" or "i4" => int.Parse(typed.Value.Trim(), CultureInfo.InvariantCulture),
            "i8" => long.Parse(typed.Value.Trim(), CultureInfo.InvariantCulture),
            "boolean" => typed.Value.Trim() == "1",
            "double" => double.Parse(typed.Value.Trim(), CultureInfo.InvariantCulture),
            "base64" => Convert.FromBase64String(typed.Value.Trim()),
            "dateTime.iso8601" => DateTime.ParseExact(typed.Value.Trim(), ["yyyyMMdd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            "struct" => typed.Elements("member").ToDictionary(
                m => m.Element("name")?.Value ?? throw new FormatException("XML-RPC struct member without a name"),
                m => m.Element("value") is { } v ? Decode(v) : null),
            "array" => typed.Element("data")?.Elements("value").Select(Decode).ToList() ?? [],
            var other => throw new FormatException($"unknown XML-RPC value type <{other}>"),
        };
    }
}
