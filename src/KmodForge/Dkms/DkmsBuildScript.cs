using KmodForge.Targets;

namespace KmodForge.Dkms;

/// <summary>
/// The bash script that builds a driver the way dkms's <c>do_build</c> does, from a <see cref="DkmsConf"/>: in
/// <c>/var/lib/dkms/&lt;name&gt;/&lt;version&gt;/build</c> (with <c>/usr/src/&lt;name&gt;-&lt;version&gt;</c> and the tree's <c>source</c> link),
/// it applies the PATCHes (<c>patch -p1</c>), runs PRE_BUILD, runs the MAKE command through <c>eval</c> with a leading
/// <c>make</c> turned into <c>make -jN KERNELRELEASE=&lt;release&gt;</c> (and <c>CC=</c> the kernel's own compiler, when installed),
/// checks every BUILT_MODULE_NAME is there, strips those with STRIP, and runs POST_BUILD. Values come in through the
/// environment (never spliced into the script text; lists space-separated, their items validated by <see cref="DkmsConf.Parse"/>
/// to have no spaces).
/// </summary>
public static class DkmsBuildScript
{
    /// <summary>The line the script prints for a module that the build did not produce.</summary>
    public const string MissingMarker = "kmodforge-dkms-missing: ";

    /// <summary>The line the script prints for the make command it ran.</summary>
    public const string MakeMarker = "kmodforge-dkms-make: ";

    /// <summary>The build directory dkms would use (and MAKE lines often name).</summary>
    public static string BuildDirectory(DkmsConf conf) => $"{DkmsConfScript.DkmsTree}/{conf.PackageName}/{conf.PackageVersion}/build";

    /// <summary>The environment of the build script.</summary>
    public static IReadOnlyDictionary<string, string> Environment(DkmsConf conf, BuildTarget target, int jobs) => new Dictionary<string, string>
    {
        ["KMODFORGE_KERNELVER"] = target.KernelRelease,
        ["KMODFORGE_KERNEL_CONFIG"] = target.Distribution.KernelBuildDirectory(target.KernelRelease) + "/.config",
        ["KMODFORGE_NAME"] = conf.PackageName,
        ["KMODFORGE_VERSION"] = conf.PackageVersion,
        ["KMODFORGE_JOBS"] = Math.Max(1, jobs).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KMODFORGE_MAKE"] = conf.MakeCommand,
        ["KMODFORGE_PATCHES"] = string.Join(' ', conf.Patches),
        ["KMODFORGE_PRE_BUILD"] = conf.PreBuild,
        ["KMODFORGE_POST_BUILD"] = conf.PostBuild,
        ["KMODFORGE_MODULES"] = string.Join(' ', conf.Modules.Select(m => $"{m.BuiltPath}:{(m.Strip ? "yes" : "no")}")),
    };

    /// <summary>The script (run as <c>bash -c</c>, the source mounted at <see cref="BuildDirectory"/>).</summary>
    public static string Script(string compilerMarker, string kernelsOwn) => $$"""
        kernelver="$KMODFORGE_KERNELVER"; build_dir="/var/lib/dkms/$KMODFORGE_NAME/$KMODFORGE_VERSION/build"
        mkdir -p /usr/src && ln -sfn "$build_dir" "/usr/src/$KMODFORGE_NAME-$KMODFORGE_VERSION" \
            && ln -sfn "/usr/src/$KMODFORGE_NAME-$KMODFORGE_VERSION" "/var/lib/dkms/$KMODFORGE_NAME/$KMODFORGE_VERSION/source" || exit 15
        cd "$build_dir" || exit 15
        run_build_script() {
            [[ $2 ]] || return 0
            local run="$build_dir/$2"
            if [[ -x ${run%% *} ]]; then
                echo "Running the $1 script: $2"
                ( cd "$build_dir" && exec $run ) || { echo "the $1 script '$2' failed (exit $?)" >&2; exit 11; }
            else
                echo "Warning: the $1 script '$2' is not executable (dkms skips it too)" >&2
            fi
        }
        for p in $KMODFORGE_PATCHES; do
            [[ -e "patches/$p" ]] || { echo "PATCH '$p' as specified in dkms.conf cannot be found in patches/" >&2; exit 5; }
            command -v patch >/dev/null || { echo "PATCH '$p': the build image has no 'patch' command" >&2; exit 5; }
            echo "Applying patch $p"; patch -p1 < "./patches/$p" || { echo "Application of patch $p failed" >&2; exit 6; }
        done
        run_build_script pre_build "$KMODFORGE_PRE_BUILD"
        cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ "]*\).*/\1/p' "$KMODFORGE_KERNEL_CONFIG" 2>/dev/null)
        case "$cc" in ''|*[!A-Za-z0-9._+-]*) cc= ;; esac
        if [[ $cc ]] && command -v "$cc" >/dev/null 2>&1; then
            echo "{{compilerMarker}}$cc {{kernelsOwn}}"; export CC="$cc" KERNEL_CC="$cc"; make_cc=" CC=$cc"
        else
            echo "{{compilerMarker}}gcc (the kernel's ${cc:-compiler, not named in .config,} is not installed)"; make_cc=
        fi
        the_make_command="${KMODFORGE_MAKE/#make/make -j$KMODFORGE_JOBS KERNELRELEASE=$kernelver$make_cc}"
        echo "{{MakeMarker}}$the_make_command"
        ( eval "$the_make_command" ) || { status=$?; echo "Bad return status $status for module build on kernel: $kernelver: $the_make_command" >&2; exit 10; }
        missing=0
        for entry in $KMODFORGE_MODULES; do
            module="${entry%:*}"; strip="${entry##*:}"
            if [[ ! -e $module ]]; then echo "{{MissingMarker}}$module" >&2; missing=1; continue; fi
            if [[ $strip != no ]]; then strip -g "$module" || exit 7; fi
        done
        ((missing == 0)) || exit 7
        run_build_script post_build "$KMODFORGE_POST_BUILD"
        """;
}
