using Cake.Core;

namespace Cake.Frosting;

/// <summary>The default build context: Cake's context as is. Subclass it and register it with <c>UseContext&lt;T&gt;()</c>.</summary>
public class FrostingContext(ICakeContext context) : CakeContextAdapter(context), IFrostingContext;
