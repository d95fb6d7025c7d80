namespace KmodForge.Kernels;

/// <summary>Why a kernel from an outside list was not put in the matrix. Every skip is counted under one of these.</summary>
public enum SkipReason
{
    /// <summary>A distro key whose value is not an array of entries.</summary>
    NotAnArray,
    /// <summary>An entry that is not a JSON object.</summary>
    NotAnObject,
    /// <summary>kernelrelease, target or kernelversion is missing.</summary>
    MissingField,
    /// <summary>A field has the wrong JSON type (e.g. a number for kernelrelease, a string for headers).</summary>
    WrongType,
    /// <summary>An entry has a key the schema does not have, or a key twice.</summary>
    UnknownKey,
    /// <summary>The kernel release has characters no real release has (shell, path or control characters) or is too long.</summary>
    HostileRelease,
    /// <summary>A header URL is not an absolute http(s) URL of printable characters.</summary>
    InvalidHeaderUrl,
    /// <summary>The target is a distribution KmodForge does not build for (Oracle, Photon, Flatcar...).</summary>
    UnsupportedDistribution,
    /// <summary>The distribution is supported, this version of it is not (Ubuntu 20.04, Amazon Linux 2, CentOS 7...).</summary>
    UnsupportedVersion,
    /// <summary>The distro version (or, for Debian, the uname release) cannot be worked out from the entry.</summary>
    NotDerivable,
    /// <summary>The registry refuses the target (the release is not of the distribution's shape, architectures differ...).</summary>
    InvalidTarget,
    /// <summary>The same kernel appeared earlier in the input.</summary>
    Duplicate,
}
