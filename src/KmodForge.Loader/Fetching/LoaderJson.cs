using System.Text.Json.Serialization;
using KmodForge.Targets;

namespace KmodForge.Loader.Fetching;

/// <summary>The JSON the loader writes, generated at compile time: the loader ships as a NativeAOT binary, without reflection-based serialization.</summary>
[JsonSerializable(typeof(BuildRequest))]
internal sealed partial class LoaderJson : JsonSerializerContext;
