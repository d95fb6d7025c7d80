using KmodForge.Targets;

namespace KmodForge.GitHub;

/// <summary>
/// The names shared by the C# side and the workflows in <c>.github/workflows/</c>: workflow files, their
/// <c>workflow_dispatch</c> inputs, and the Cake tasks the workflows run (<c>./build.sh --target=&lt;task&gt;</c>).
/// Tests parse the YAML and check it against these lists, so a rename on one side fails the build.
/// </summary>
public static class WorkflowContract
{
    public const string Ci = "ci.yml";
    public const string BaseImages = "base-images.yml";
    public const string MatrixGenerator = "matrix-generator.yml";
    public const string MatrixBuild = "matrix-build.yml";
    public const string DriverBuild = "driver-build.yml";
    public const string CoverageReport = "coverage-report.yml";

    public static readonly IReadOnlyList<string> Files = [Ci, BaseImages, MatrixGenerator, MatrixBuild, DriverBuild, CoverageReport];

    /// <summary>
    /// The title of the annotation (<c>::notice title=...::reason</c>) the Driver task leaves when the driver does not
    /// apply to the target (dkms.conf BUILD_EXCLUSIVE_*); the build service reads it from the run's jobs.
    /// </summary>
    public const string NotApplicableAnnotation = "kmodforge-not-applicable";

    /// <summary>The Cake tasks the workflows call: the only targets a workflow may pass to <c>./build.sh</c>.</summary>
    public static class Tasks
    {
        /// <summary>Build, package and publish one target.</summary>
        public const string Driver = "Driver";

        /// <summary>Open the add-kernel pull request for one target.</summary>
        public const string AddKernelPr = "AddKernelPr";

        /// <summary>Generate, diff, chunk and dispatch the nightly matrix.</summary>
        public const string Matrix = "Matrix";

        /// <summary>Read a matrix-build run's chunk (inline, or from the store when it was too large to dispatch) into the job outputs <c>chunk</c>, <c>builds</c> and <c>images</c>.</summary>
        public const string MatrixChunk = "MatrixChunk";

        /// <summary>Copy a matrix-build run's base images from the store into a folder handed to its build jobs as an artifact.</summary>
        public const string FetchBaseImages = "FetchBaseImages";

        /// <summary>List the base images the weekly job builds, as a job matrix (one job per image, on its architecture's runner).</summary>
        public const string BaseImagesPlan = "BaseImagesPlan";

        /// <summary>Build (the missing) base images and store them.</summary>
        public const string BaseImages = "BaseImages";

        /// <summary>Write the coverage report site (published to GitHub Pages).</summary>
        public const string Report = "Report";

        /// <summary>Record, for a build job whose Driver run recorded no outcome, that it failed (matrix-build.yml).</summary>
        public const string MatrixOutcome = "MatrixOutcome";

        /// <summary>Merge a matrix-build run's outcome records into its matrix results file.</summary>
        public const string MatrixResults = "MatrixResults";

        /// <summary>Download the newest nightly's matrix results for the coverage report.</summary>
        public const string FetchMatrixResults = "FetchMatrixResults";

        public static readonly IReadOnlyList<string> All = [Driver, AddKernelPr, Matrix, MatrixChunk, FetchBaseImages, BaseImagesPlan, BaseImages, Report, MatrixOutcome, MatrixResults, FetchMatrixResults];
    }

    /// <summary>The inputs of <see cref="DriverBuild"/>: the seed's target inputs plus the build id placed in the run-name.</summary>
    public static class DriverBuildInputs
    {
        public const string KernelVersion = "kernel_version";
        public const string Architecture = "architecture";
        public const string Distribution = "distribution";
        public const string DistroVersion = "distro_version";
        public const string DriverVersion = "driver_version";
        public const string BuildId = "build_id";

        public static readonly IReadOnlyList<string> All = [KernelVersion, Architecture, Distribution, DistroVersion, DriverVersion, BuildId];

        /// <summary>The dispatch inputs for building <paramref name="target"/> under <paramref name="buildId"/>.</summary>
        public static IReadOnlyDictionary<string, string> For(BuildTarget target, string buildId) => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [KernelVersion] = target.KernelRelease,
            [Architecture] = target.Architecture.KernelName(),
            [Distribution] = target.Distribution.Id,
            [DistroVersion] = target.DistroVersion.Id,
            [DriverVersion] = target.DriverVersion,
            [BuildId] = buildId,
        };
    }

    /// <summary>The inputs of <see cref="MatrixGenerator"/> (manual runs; the nightly cron uses the defaults).</summary>
    public static class MatrixGeneratorInputs
    {
        public const string UseKernelCrawler = "use_kernel_crawler";
        public const string ChunkSize = "chunk_size";
        public const string DriverVersion = "driver_version";

        public static readonly IReadOnlyList<string> All = [UseKernelCrawler, ChunkSize, DriverVersion];
    }

    /// <summary>The keys of a chunk document's <c>include</c> entries that <see cref="MatrixBuild"/> reads as <c>matrix.&lt;key&gt;</c>.</summary>
    public static readonly IReadOnlyList<string> ChunkEntryKeysRead = ["distribution", "distro_version", "architecture", "kernel_release", "runs_on", "headers"];
}
