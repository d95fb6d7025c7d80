using Cake.Core.Annotations;

namespace KmodForge.Containers.Commands;

/// <summary>
/// Cake aliases over a docker-compatible CLI (docker or podman, chosen by <c>--container-engine</c> /
/// <c>KMODFORGE_CONTAINER_ENGINE</c>). One file per command holds its settings, its argument rendering and its alias.
/// </summary>
[CakeAliasCategory("Container")]
public static partial class ContainerAliases;
