using Cake.Core;

namespace Cake.Frosting;

/// <summary>Marks the build context the host hands to every task.</summary>
public interface IFrostingContext : ICakeContext;
