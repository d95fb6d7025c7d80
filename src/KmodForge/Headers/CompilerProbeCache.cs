namespace KmodForge.Headers;

/// <summary>
/// Answers kbuild's compiler probes from a cache kept in the header layer. Every <c>make</c> of an out-of-tree
/// module evaluates the kernel's Makefiles again, and with them about 30 <c>cc-option</c>-style probes: the compiler
/// run on an empty input (<c>-c -x c /dev/null -o TMP</c>) to learn whether it takes a flag. In a layer the compiler,
/// its flags and the headers never change, so neither do the answers. The build's session container (the cold build
/// that makes the layer) records them before it is committed, and the layer keeps them: every later build on that layer
/// (a new driver version) gets them without running the compiler (about 20 ms of CPU each).
/// <para>
/// Only a call whose input is <c>/dev/null</c> and whose output is a file named by <c>-o</c> is cached. Its exit
/// status, its output on stdout and stderr and the file it wrote are kept, keyed by the compiler's name and every
/// argument but the output file's name (kbuild's is a per-process temporary). Every other call, and any argument with
/// a tab or a newline, runs the compiler as given. The cache is used only where its directory exists. A cold build
/// compiles with the plain compiler (filling the cache then would cost its own compile about half a second); once
/// its package is made, a <c>make -n</c> in a copy of its source, in the session about to be committed, creates
/// and fills the cache (<c>ModuleCompiler.ProbeFillScript</c>, <see cref="SessionLayer.StartKeeping"/>). A layer
/// made otherwise is compiled with the plain compiler.
/// </para>
/// </summary>
public static class CompilerProbeCache
{
    /// <summary>Where the cache lives in the layer.</summary>
    public const string Directory = "/var/cache/kmodforge/cc-probes";

    /// <summary>The most answers kept: a probe whose arguments vary per run (never seen in kbuild) cannot grow it without bound.</summary>
    public const int MaxEntries = 500;

    /// <summary>
    /// The wrapper, run as <c>sh &lt;dir&gt;/cc COMPILER ARGS...</c>. POSIX sh. An answer is a file named by the
    /// <c>cksum</c> (CRC and length) of its key, <c>&lt;sum&gt;.key</c> (status, whether an object was kept, the key
    /// itself, compared in full: a line cut short or another key under the same sum answers nothing), written last in one
    /// <c>printf</c>, beside its <c>.out</c>, <c>.err</c> and <c>.o</c>.
    /// A probe the cache's <c>index</c> holds (<see cref="IndexScript"/>, written by the fill) is answered from it with no
    /// process of its own; any other is looked up by its <c>cksum</c>, and <c>cat</c>/<c>cp</c> replay what it kept
    /// (no index read line by line: the shell's <c>read</c> takes a byte per system call). The cache directory is
    /// <c>$KMODFORGE_CC_PROBES</c>, else <see cref="Directory"/>.
    /// </summary>
    public static string Wrapper { get; } = $$"""
        cc=$1; shift
        dir=${KMODFORGE_CC_PROBES:-}; [ -n "$dir" ] || dir={{Directory}}
        tab='	'
        nl='
        '
        key=$cc; out=; input=; prev=
        for a in "$@"; do
          case $a in *"$tab"*|*"$nl"*) exec "$cc" "$@" ;; esac
          if [ "$prev" = -o ]; then out=$a; else key=$key$tab$a; [ "$a" = /dev/null ] && input=1; fi
          prev=$a
        done
        case $out in ''|-|/dev/*) exec "$cc" "$@" ;; esac
        [ -n "$input" ] && [ -d "$dir" ] || exec "$cc" "$@"
        if [ -f "$dir/index" ] && . "$dir/index" && kmodforge_probe "$key"; then
          [ -z "$kmodforge_err" ] || cat "$kmodforge_entry.err" >&2
          [ -z "$kmodforge_out" ] || cat "$kmodforge_entry.out"
          if [ -n "$kmodforge_obj" ]; then . "$kmodforge_entry.o.sh" > "$out" || exit 1; fi
          exit "$kmodforge_rc"
        fi
        sum=$(printf '%s' "$key" | cksum)
        e=$dir/${sum%% *}-${sum##* }
        if [ -f "$e.key" ]; then
          IFS= read -r line < "$e.key" || exec "$cc" "$@"
          rc=${line%%"$tab"*}; rest=${line#*"$tab"}; object=${rest%%"$tab"*}
          [ "${rest#*"$tab"}" = "$key" ] || exec "$cc" "$@"
          [ -s "$e.err" ] && cat "$e.err" >&2
          [ -s "$e.out" ] && cat "$e.out"
          if [ "$object" = 1 ]; then cp "$e.o" "$out" || exit 1; fi
          exit "$rc"
        fi
        full() { [ $# -ge {{MaxEntries}} ]; }
        full "$dir"/*.key && exec "$cc" "$@"
        "$cc" "$@" >"$e.out" 2>"$e.err"
        rc=$?
        [ -s "$e.err" ] && cat "$e.err" >&2
        [ -s "$e.out" ] && cat "$e.out"
        object=0
        if [ -f "$out" ] && cp "$out" "$e.o"; then object=1; fi
        printf '%s\t%s\t%s\n' "$rc" "$object" "$key" > "$e.key"
        exit "$rc"
        """;

    /// <summary>
    /// Shell that rebuilds <c>$dir/index</c> from the answers in <c>$dir</c> (run once they are all in, by the fill
    /// before the layer's commit): a function, <c>kmodforge_probe KEY</c>, whose <c>case</c> holds every key as a quoted
    /// literal and sets the answer's status and what it replays, and for each object a <c>&lt;entry&gt;.o.sh</c> that
    /// writes it with the shell's own <c>printf</c> (every byte as an octal escape). The wrapper sources the index and
    /// answers a probe with no process of its own where the entry had no output (the usual case): no <c>cksum</c>,
    /// no <c>cp</c>, about 20 ms less a probe here. The index is checked with <c>sh -n</c> before it replaces the old one.
    /// </summary>
    public const string IndexScript = """
        tab='	'
        quoted() { printf '%s' "$1" | sed "s/'/'\\\\''/g"; }
        {
          echo 'kmodforge_probe() {'
          echo 'case $1 in'
          for k in "$dir"/*.key; do
            [ -f "$k" ] || continue
            e=${k%.key}
            IFS= read -r line < "$k" || continue
            rc=${line%%"$tab"*}; rest=${line#*"$tab"}; object=${rest%%"$tab"*}; key=${rest#*"$tab"}
            case $rc in ''|*[!0-9]*) continue ;; esac
            obj=; err=; out=
            if [ "$object" = 1 ]; then
              { printf "printf '"; od -An -v -b "$e.o" | tr -s ' \n' '\n\n' | sed -n 's/^\([0-7][0-7][0-7]\)$/\\\1/p' | tr -d '\n'; printf "'\n"; } > "$e.o.sh" || continue
              obj=1
            fi
            [ -s "$e.err" ] && err=1
            [ -s "$e.out" ] && out=1
            printf "'%s') kmodforge_entry='%s' kmodforge_rc=%s kmodforge_obj=%s kmodforge_err=%s kmodforge_out=%s ;;\n" "$(quoted "$key")" "$(quoted "$e")" "$rc" "$obj" "$err" "$out"
          done
          echo '*) return 1 ;;'
          echo 'esac'
          echo '}'
        } > "$dir/index.tmp" && sh -n "$dir/index.tmp" && mv "$dir/index.tmp" "$dir/index"
        """;

    /// <summary>
    /// Shell lines for the compile script: when the cache directory exists, write the wrapper into it and set
    /// <c>$probes</c> to the <c>sh</c> command that runs it (else <c>$probes</c> is empty).
    /// </summary>
    public static string Setup(string directory = Directory) => $"""
        probes=
        if [ -d '{directory}' ] && cat > '{directory}/cc' <<'KMODFORGE_CC_WRAPPER'
        {Wrapper}
        KMODFORGE_CC_WRAPPER
        then probes="sh {directory}/cc"; export KMODFORGE_CC_PROBES='{directory}'; fi
        """;
}
