namespace KmodForge.Dkms;

/// <summary>
/// The bash script that evaluates a <c>dkms.conf</c> the way dkms's <c>read_conf</c> does (dell/dkms, <c>dkms.in</c>), inside the
/// per-kernel build container and never on the host: it sets the variables dkms defines (<c>kernelver</c>, <c>arch</c>,
/// <c>kernel_source_dir</c>, <c>kernel_config</c>, <c>dkms_tree</c>, <c>source_tree</c>, <c>install_tree</c>, <c>module</c>,
/// <c>module_version</c>), sources the file in a subshell, applies read_conf's defaults and checks (module count from the
/// highest index, BUILT_MODULE_NAME defaulting to PACKAGE_NAME for one module, STRIP defaulting to STRIP[0] then yes,
/// MAKE chosen by MAKE_MATCH, the default make, LLVM=1 for clang kernels, PATCH filtered by PATCH_MATCH, BUILD_EXCLUSIVE_*
/// against the kernel's .config) and prints the result as <c>kmodforge-dkms &lt;key&gt; &lt;index&gt; &lt;base64&gt;</c> lines,
/// which <see cref="DkmsConf.Parse"/> reads.
/// </summary>
public static class DkmsConfScript
{
    /// <summary>Where the module source is mounted for the evaluation.</summary>
    public const string SourceDirectory = "/build/src";

    /// <summary>
    /// The environment variables the script reads: the kernel release, dkms's arch (uname -m) and the kernel's build
    /// directory (and <c>KMODFORGE_SOURCE</c>, the source directory when not <see cref="SourceDirectory"/>).
    /// </summary>
    public const string KernelVersionVariable = "KMODFORGE_KERNELVER";

    public const string ArchVariable = "KMODFORGE_ARCH";

    public const string KernelSourceVariable = "KMODFORGE_KERNEL_SOURCE_DIR";

    /// <summary>The dkms tree and source tree paths dkms uses (and MAKE lines name).</summary>
    public const string DkmsTree = "/var/lib/dkms";

    public const string SourceTree = "/usr/src";

    /// <summary>The script, run as <c>bash -c</c> with the source mounted at <see cref="SourceDirectory"/>.</summary>
    public static string Script => """
        kernelver="$KMODFORGE_KERNELVER"; arch="$KMODFORGE_ARCH"; kernel_source_dir="$KMODFORGE_KERNEL_SOURCE_DIR"
        src="${KMODFORGE_SOURCE:-/build/src}"
        unset KMODFORGE_KERNELVER KMODFORGE_ARCH KMODFORGE_KERNEL_SOURCE_DIR KMODFORGE_SOURCE
        dkms_tree=/var/lib/dkms; source_tree=/usr/src; install_tree=/lib/modules
        if [[ -e "$kernel_source_dir/include/config/auto.conf" ]]; then kernel_config="$kernel_source_dir/include/config/auto.conf"
        else kernel_config="$kernel_source_dir/.config"; fi
        conf="$src/dkms.conf"
        emit() { printf 'kmodforge-dkms %s %s %s\n' "$1" "$2" "$(printf '%s' "$3" | base64 -w0)"; }
        VER() {
            echo "$1" | sed -e 's:\([^0-9]\)\([0-9]\):\1 \2:g' -e 's:\([0-9]\)\([^0-9]\):\1 \2:g' -e 's:\(.*\): \1 :' \
                -e 's: \([0-9]\) : 00\1 :g' -e 's: \([0-9][0-9]\) : 0\1 :g' -e 's: ::g'
        }
        cd "$src" || exit 2
        # dkms add: the name and version first (get_pkginfo_from_conf), then dkms build reads the file with them set.
        pkg=$( (. "$conf" >/dev/null 2>&1; printf '%s\n%s' "$PACKAGE_NAME" "$PACKAGE_VERSION") )
        module="${pkg%%$'\n'*}"; module_version="${pkg#*$'\n'}"
        (
        . "$conf" >/dev/null || echo "kmodforge-dkms-note: sourcing dkms.conf returned $?" >&2
        cr=$'\r'
        errors=0
        err() { emit error $errors "$1"; errors=$((errors+1)); }
        [[ $PACKAGE_NAME ]] || err "No 'PACKAGE_NAME' directive specified."
        [[ $PACKAGE_VERSION ]] || err "No 'PACKAGE_VERSION' directive specified."
        emit package_name 0 "${PACKAGE_NAME%$cr}"; emit package_version 0 "${PACKAGE_VERSION%$cr}"
        max_index=-1
        for s in "${!BUILT_MODULE_NAME[@]}" "${!BUILT_MODULE_LOCATION[@]}" "${!DEST_MODULE_NAME[@]}" "${!DEST_MODULE_LOCATION[@]}"; do
            ((s > max_index)) && max_index=$s
        done
        num_modules=$((max_index + 1))
        strip0=
        for ((index=0; index < num_modules; index++)); do
            name=${BUILT_MODULE_NAME[index]%$cr}; location=${BUILT_MODULE_LOCATION[index]%$cr}
            dest_name=${DEST_MODULE_NAME[index]%$cr}; dest_location=${DEST_MODULE_LOCATION[index]%$cr}
            case ${STRIP[index]} in [nN]*) strip=no ;; [yY]*) strip=yes ;; '') strip=${strip0:-yes} ;; *) strip=yes ;; esac
            ((index == 0)) && strip0=$strip
            [[ ! $name ]] && ((num_modules == 1)) && name=$PACKAGE_NAME
            [[ ! $dest_name ]] && dest_name=$name
            [[ $location && ${location:(-1)} != / ]] && location="$location/"
            [[ $name ]] || err "No 'BUILT_MODULE_NAME' directive specified for record #$index."
            case $dest_location in
                "") err "No 'DEST_MODULE_LOCATION' directive specified for record #$index." ;;
                /kernel*|/updates*|/extra*) ;;
                *) err "Directive 'DEST_MODULE_LOCATION' does not begin with '/kernel', '/updates', or '/extra' in record #$index." ;;
            esac
            emit built_module_name $index "$name"; emit built_module_location $index "$location"
            emit dest_module_name $index "$dest_name"; emit dest_module_location $index "$dest_location"; emit strip $index "$strip"
        done
        [[ ${MAKE_MATCH[0]} ]] || make_command="${MAKE[0]}"
        for ((index=0; index < ${#MAKE[@]}; index++)); do
            [[ ${MAKE[$index]} && ${MAKE_MATCH[$index]} && $kernelver =~ ${MAKE_MATCH[$index]} ]] && make_command="${MAKE[$index]}"
        done
        [[ ! $make_command ]] && make_command="make -C $kernel_source_dir M=$dkms_tree/$module/$module_version/build"
        if [[ -e "$kernel_config" ]] && grep -q CONFIG_CC_IS_CLANG=y "$kernel_config"; then make_command="$make_command LLVM=1"; fi
        emit make 0 "${make_command%$cr}"
        count=0
        for ((index=0; index < ${#PATCH[@]}; index++)); do
            if [[ ${PATCH[$index]} && (! ${PATCH_MATCH[$index]} || $kernelver =~ ${PATCH_MATCH[$index]}) ]]; then
                emit patch $count "${PATCH[index]%$cr}"; count=$((count+1))
            fi
        done
        emit pre_build 0 "${PRE_BUILD%$cr}"; emit post_build 0 "${POST_BUILD%$cr}"
        [[ $OBSOLETE_BY && ! $BUILD_EXCLUSIVE_KERNEL_MAX ]] && BUILD_EXCLUSIVE_KERNEL_MAX=$OBSOLETE_BY
        excluded=0
        exclude() { emit exclude $excluded "$1"; excluded=$((excluded+1)); }
        [[ $BUILD_EXCLUSIVE_KERNEL && ! $kernelver =~ $BUILD_EXCLUSIVE_KERNEL ]] && exclude "BUILD_EXCLUSIVE_KERNEL '$BUILD_EXCLUSIVE_KERNEL' does not match kernel $kernelver"
        [[ $BUILD_EXCLUSIVE_KERNEL_MIN && "$(VER "$kernelver")" < "$(VER "$BUILD_EXCLUSIVE_KERNEL_MIN")" ]] && exclude "kernel $kernelver is older than BUILD_EXCLUSIVE_KERNEL_MIN '$BUILD_EXCLUSIVE_KERNEL_MIN'"
        [[ $BUILD_EXCLUSIVE_KERNEL_MAX && "$(VER "$kernelver")" > "$(VER "$BUILD_EXCLUSIVE_KERNEL_MAX")" ]] && exclude "kernel $kernelver is newer than BUILD_EXCLUSIVE_KERNEL_MAX '$BUILD_EXCLUSIVE_KERNEL_MAX'"
        [[ $BUILD_EXCLUSIVE_ARCH && ! $arch =~ $BUILD_EXCLUSIVE_ARCH ]] && exclude "BUILD_EXCLUSIVE_ARCH '$BUILD_EXCLUSIVE_ARCH' does not match architecture $arch"
        if [[ $BUILD_EXCLUSIVE_CONFIG && -e "$kernel_config" ]]; then
            for kconf in $BUILD_EXCLUSIVE_CONFIG; do
                case "$kconf" in
                    !*) grep -q "^${kconf#!}=[ym]" "$kernel_config" && exclude "BUILD_EXCLUSIVE_CONFIG '$kconf': kernel $kernelver's config sets ${kconf#!}" ;;
                    *) grep -q "^${kconf}=[ym]" "$kernel_config" || exclude "BUILD_EXCLUSIVE_CONFIG '$kconf': kernel $kernelver's config does not set $kconf to y or m" ;;
                esac
            done
        fi
        emit end 0 "$num_modules"
        )
        """;
}
