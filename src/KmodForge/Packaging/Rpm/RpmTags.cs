namespace KmodForge.Packaging.Rpm;

/// <summary>The RPM tag numbers this writer and the reader use (rpm <c>tags.md</c>, <c>rpmtag.h</c>).</summary>
internal static class RpmTags
{
    public const int HeaderSignatures = 62;
    public const int HeaderImmutable = 63;
    public const int HeaderI18nTable = 100;

    // Signature header.
    public const int SigSha1 = 269;
    public const int SigSha256 = 273;
    public const int SigSize = 1000;
    public const int SigMd5 = 1004;
    public const int SigPayloadSize = 1007;
    public const int SigReservedSpace = 1008;

    // Main header.
    public const int Name = 1000;
    public const int Version = 1001;
    public const int Release = 1002;
    public const int Summary = 1004;
    public const int Description = 1005;
    public const int BuildTime = 1006;
    public const int BuildHost = 1007;
    public const int Size = 1009;
    public const int Vendor = 1011;
    public const int License = 1014;
    public const int Packager = 1015;
    public const int Group = 1016;
    public const int Url = 1020;
    public const int Os = 1021;
    public const int Arch = 1022;
    public const int PostIn = 1024;
    public const int PostUn = 1026;
    public const int FileSizes = 1028;
    public const int FileModes = 1030;
    public const int FileRdevs = 1033;
    public const int FileMtimes = 1034;
    public const int FileDigests = 1035;
    public const int FileLinkTos = 1036;
    public const int FileFlags = 1037;
    public const int FileUserName = 1039;
    public const int FileGroupName = 1040;
    public const int SourceRpm = 1044;
    public const int FileVerifyFlags = 1045;
    public const int ProvideName = 1047;
    public const int RequireFlags = 1048;
    public const int RequireName = 1049;
    public const int RequireVersion = 1050;
    public const int RpmVersion = 1064;
    public const int ChangelogTime = 1080;
    public const int ChangelogName = 1081;
    public const int ChangelogText = 1082;
    public const int PostInProg = 1086;
    public const int PostUnProg = 1088;
    public const int FileDevices = 1095;
    public const int FileInodes = 1096;
    public const int FileLangs = 1097;
    public const int ProvideFlags = 1112;
    public const int ProvideVersion = 1113;
    public const int DirIndexes = 1116;
    public const int BaseNames = 1117;
    public const int DirNames = 1118;
    public const int PayloadFormat = 1124;
    public const int PayloadCompressor = 1125;
    public const int PayloadFlags = 1126;
    public const int FileDigestAlgo = 5011;
    public const int Encoding = 5062;
    public const int PayloadDigest = 5092;
    public const int PayloadDigestAlgo = 5093;

    /// <summary>PGPHASHALGO_SHA256.</summary>
    public const int HashAlgoSha256 = 8;
}

/// <summary>RPMSENSE dependency flags.</summary>
[Flags]
internal enum RpmSense
{
    Any = 0,
    Less = 0x02,
    Greater = 0x04,
    Equal = 0x08,
    Interp = 0x100,
    ScriptPost = 0x400,
    ScriptPostUn = 0x1000,
    RpmLib = 0x1000000,
}
