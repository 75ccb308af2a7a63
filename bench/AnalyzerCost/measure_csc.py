#!/usr/bin/env python3
"""Measures what the SafeMigrate analyzer adds to the compiler alone, without MSBuild, on a project from generate.py.

Usage: measure_csc.py PROJECT_DIR [--runs N] [--analyzer ANALYZER_DLL] [--baseline OTHER_ANALYZER_DLL]

MSBuild and the shared compiler server make most of a build's time and most of its noise. This script builds the
project once with -v:d to capture the exact csc command line the SDK uses (references, the SDK's own analyzers and
source generators, options), then runs that compiler command in its own process (no server), round after round:
  off   without the SafeMigrate analyzer
  on    with the analyzer (default: the one in the project, i.e. this repository's Release build)
  base  with --baseline's analyzer dll, when given
Each compiler process starts cold, as on a CI agent: the times include loading and JIT-compiling the compiler and the
analyzers. Output goes to a temporary directory; the project's obj/ is not touched. It prints every round, then the
median and mean of CPU and wall time and of the paired per-round differences against "off".
"""
import argparse
import os
import re
import resource
import shlex
import statistics
import subprocess
import tempfile
import time


def capture_csc_command(project):
    result = subprocess.run(["dotnet", "build", "--no-restore", "--no-incremental", "-v:d", "-clp:NoSummary"],
                            cwd=project, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("build failed:\n" + result.stdout[-3000:])
    for line in result.stdout.splitlines():
        if re.search(r"/csc(\.dll)? ", line) and "/out:" in line:
            parts = shlex.split(line.strip())
            index = next(i for i, p in enumerate(parts) if p.endswith("/csc") or p.endswith("/csc.dll"))
            compiler = parts[index] if parts[index].endswith(".dll") else parts[index] + ".dll"
            return compiler, [p for p in parts[index + 1:] if p != "/reportanalyzer"]
    raise SystemExit("no csc command line in the detailed build log")


def run(project, compiler, arguments, workdir):
    response = os.path.join(workdir, "csc.rsp")
    with open(response, "w") as f:
        f.write("\n".join('"' + a + '"' if " " in a else a for a in arguments))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(["dotnet", compiler, "@" + response], cwd=project, capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit("compiler failed:\n" + result.stdout[-3000:])
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, len(re.findall(r": warning SM\d{4}:", result.stdout))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--analyzer")
    parser.add_argument("--baseline")
    args = parser.parse_args()

    compiler, arguments = capture_csc_command(args.project)
    own = [a for a in arguments if a.startswith("/analyzer:") and "SafeMigrate.Analyzers" in a]
    if not own:
        raise SystemExit("the captured command has no SafeMigrate analyzer (was the project generated with it?)")
    workdir = tempfile.mkdtemp(prefix="smcsc")
    os.makedirs(os.path.join(workdir, "ref"))
    common = []
    for a in arguments:
        if a in own:
            continue
        if a.startswith("/out:"):
            a = "/out:" + os.path.join(workdir, "out.dll")
        elif a.startswith("/refout:"):
            a = "/refout:" + os.path.join(workdir, "ref", "out.dll")
        common.append(a)

    variants = {"off": common, "on": common + ["/analyzer:" + (args.analyzer or own[0][len("/analyzer:"):])]}
    if args.baseline:
        variants["base"] = common + ["/analyzer:" + args.baseline]

    for name, variant in variants.items():
        run(args.project, compiler, variant, workdir)  # warm-up (disk cache), not counted

    results = {name: [] for name in variants}
    for round_ in range(1, args.runs + 1):
        line = []
        for name, variant in variants.items():
            wall, cpu, warnings = run(args.project, compiler, variant, workdir)
            results[name].append((wall, cpu))
            line.append(f"{name} {wall:.2f}s cpu {cpu:.2f}s ({warnings} SM warnings)")
        print(f"round {round_}: " + ", ".join(line), flush=True)

    print(f"load average at the end: {os.getloadavg()}")
    for name in variants:
        walls = [w for w, _ in results[name]]
        cpus = [c for _, c in results[name]]
        print(f"{name:4}: cpu median {statistics.median(cpus):.3f} s (mean {statistics.mean(cpus):.3f}, sd {statistics.stdev(cpus):.3f}); "
              f"wall median {statistics.median(walls):.3f} s (mean {statistics.mean(walls):.3f}, sd {statistics.stdev(walls):.3f})")
        if name != "off":
            cpu_diff = [a[1] - b[1] for a, b in zip(results[name], results["off"])]
            wall_diff = [a[0] - b[0] for a, b in zip(results[name], results["off"])]
            print(f"      paired {name} - off: cpu median {statistics.median(cpu_diff):+.3f} s (mean {statistics.mean(cpu_diff):+.3f}, "
                  f"sd {statistics.stdev(cpu_diff):.3f}); wall median {statistics.median(wall_diff):+.3f} s "
                  f"(mean {statistics.mean(wall_diff):+.3f}, sd {statistics.stdev(wall_diff):.3f})")


if __name__ == "__main__":
    main()
