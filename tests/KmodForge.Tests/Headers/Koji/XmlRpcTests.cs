using KmodForge.Headers.Koji;

namespace KmodForge.Tests.Headers.Koji;

public sealed class XmlRpcTests
{
    [Fact]
    public void Decodes_kojis_response_shapes_including_nil_and_i8()
    {
        const string xml = """
            <?xml version='1.0'?>
            <methodResponse><params><param><value><struct>
            <member><name>id</name><value><i8>4398046511104</i8></value></member>
            <member><name>build_id</name><value><int>2647191</int></value></member>
            <member><name>name</name><value><string>kernel-devel</string></value></member>
            <member><name>epoch</name><value><nil/></value></member>
            <member><name>draft</name><value><boolean>0</boolean></value></member>
            <member><name>arches</name><value><array><data><value><string>x86_64</string></value><value>noarch</value></data></array></value></member>
            </struct></value></param></params></methodResponse>
            """;

        var value = Assert.IsType<Dictionary<string, object?>>(XmlRpc.ParseResponse(xml));

        Assert.Equal(4398046511104L, value["id"]);
        Assert.Equal(2647191, value["build_id"]);
        Assert.Equal("kernel-devel", value["name"]);
        Assert.Null(value["epoch"]);
        Assert.Equal(false, value["draft"]);
        Assert.Equal(["x86_64", "noarch"], Assert.IsType<List<object?>>(value["arches"]));
    }

    [Fact]
    public void A_fault_becomes_an_exception_with_its_code_and_message()
    {
        const string xml = "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1000</int></value></member><member><name>faultString</name><value><string>koji.GenericError: invalid format</string></value></member></struct></value></fault></methodResponse>";

        var error = Assert.Throws<XmlRpcFaultException>(() => XmlRpc.ParseResponse(xml));

        Assert.Equal(1000, error.Code);
        Assert.Contains("invalid format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_carry_the_method_and_positional_parameters()
    {
        var xml = XmlRpc.Request("getRPM", "kernel-devel-6.14.0-63.fc42.x86_64");

        Assert.Equal("<methodCall><methodName>getRPM</methodName><params><param><value><string>kernel-devel-6.14.0-63.fc42.x86_64</string></value></param></params></methodCall>", xml);
    }
}
