#!/usr/bin/env python3
"""Measures what the SafeMigrate analyzer adds to the build of a project written by generate.py.

Usage: measure.py PROJECT_DIR [--runs N] [--analyzer ANALYZER_DLL] [--baseline OTHER_ANALYZER_DLL] [--quiet]

Each round builds the project (clean compile: --no-restore --no-incremental) in these configurations, one after the
other so that a slow moment of the machine hits all of them alike:
  off        without the analyzer (-p:WithSafeMigrate=false)
  on         with the analyzer built from this repository
  base       with --baseline's analyzer dll, when given
  report     with the analyzer and -p:ReportAnalyzer=true -v:d (analyzer time as the compiler reports it)
  base-rep   the same with the baseline dll
  quiet      with the analyzer, its reported ids suppressed by NoWarn (--quiet): the analysis runs, no warning is logged
One warm-up build of each configuration runs first and is not counted (compiler server, MSBuild nodes, disk cache).
It prints every run, then mean, standard deviation and range, the paired per-round differences on - off, and checks
that the baseline and the current analyzer report the same SM diagnostics.

Besides wall time it records CPU time: of the build's own processes (dotnet build, MSBuild) and of the shared compiler
server (VBCSCompiler, read from /proc before and after each build), where the compiler and the analyzers run. CPU time
is far less disturbed than wall time when other work shares the machine; run it under the build lock so that no other
build uses the compiler server at the same time.
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import time

WARNING = re.compile(r"(\S+\.cs)\((\d+),(\d+)\): warning (SM\d{4}):")
TOTAL = re.compile(r"Total analyzer execution time: ([\d.]+) seconds")
SAFEMIGRATE = re.compile(r"^\s*([\d.<]+)\s+(\d+|<1)\s+SafeMigrate\.Analyzers, Version", re.M)
ELAPSED = re.compile(r"Time Elapsed (\d+):(\d+):([\d.]+)")


TICKS = os.sysconf("SC_CLK_TCK")


def compiler_server_cpu():
    """CPU seconds used so far by each running compiler server process, by pid."""
    usage = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"VBCSCompiler" not in f.read():
                    continue
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            usage[pid] = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
        except OSError:
            continue
    return usage


def build(project, extra):
    """Returns wall seconds, CPU seconds (build processes + compiler server) and the build output."""
    command = ["dotnet", "build", "--no-restore", "--no-incremental", "-clp:NoSummary"] + extra
    server_before = compiler_server_cpu()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    wall = time.monotonic() - start
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_after = compiler_server_cpu()
    if result.returncode != 0:
        raise SystemExit("build failed: " + " ".join(command) + "\n" + result.stdout[-3000:])
    cpu = (children_after.ru_utime - children_before.ru_utime) + (children_after.ru_stime - children_before.ru_stime)
    cpu += sum(after - server_before.get(pid, 0.0) for pid, after in server_after.items())
    return wall, cpu, result.stdout


def report_numbers(output):
    total = TOTAL.search(output)
    own = SAFEMIGRATE.search(output)
    elapsed = ELAPSED.search(output)
    seconds = float(own.group(1).lstrip("<")) if own else 0.0
    msbuild = int(elapsed.group(1)) * 3600 + int(elapsed.group(2)) * 60 + float(elapsed.group(3)) if elapsed else float("nan")
    return seconds, float(total.group(1)) if total else float("nan"), msbuild


def diagnostics(output):
    return {(m.group(1).rsplit("/", 1)[-1], int(m.group(2)), int(m.group(3)), m.group(4)) for m in WARNING.finditer(output)}


def describe(values):
    if not values:
        return "-"
    mean = statistics.mean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:.3f} ± {sd:.3f} (min {min(values):.3f}, max {max(values):.3f}, n={len(values)})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline")
    parser.add_argument("--analyzer", help="analyzer dll for on/report/quiet (default: the generated project's, i.e. this repository's Release build)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="skip the ReportAnalyzer builds (more rounds in the same time)")
    args = parser.parse_args()

    current = ["-p:SafeMigrateAnalyzerDll=" + args.analyzer] if args.analyzer else []
    configs = {
        "off": ["-p:WithSafeMigrate=false"],
        "on": current,
        "report": ["-p:ReportAnalyzer=true", "-v:d"] + current,
    }
    if args.baseline:
        configs["base"] = ["-p:SafeMigrateAnalyzerDll=" + args.baseline]
        configs["base-rep"] = ["-p:ReportAnalyzer=true", "-v:d", "-p:SafeMigrateAnalyzerDll=" + args.baseline]
    if args.no_report:
        configs = {name: extra for name, extra in configs.items() if "rep" not in name}

    outputs = {}
    for name, extra in configs.items():
        _, _, outputs[name] = build(args.project, extra)  # warm-up, not counted

    if args.quiet:
        # Leave at least one of the analyzer's ids enabled (the compiler skips an analyzer whose every id is off).
        reported = sorted({d[3] for d in diagnostics(outputs["on"])})
        configs["quiet"] = current + ["-p:NoWarn=" + "%3B".join(reported)]
        _, _, outputs["quiet"] = build(args.project, configs["quiet"])
        print(f"quiet: NoWarn {', '.join(reported)}; warnings left: {len(diagnostics(outputs['quiet']))}")

    if args.baseline:
        current, baseline = diagnostics(outputs["on"]), diagnostics(outputs["base"])
        print(f"SM diagnostics: current {len(current)}, baseline {len(baseline)}; "
              f"only in baseline: {len(baseline - current)}, only in current: {len(current - baseline)}")
        for item in sorted(baseline - current)[:20]:
            print("  lost:", item)
        for item in sorted(current - baseline)[:20]:
            print("  new: ", item)
    else:
        print(f"SM diagnostics: {len(diagnostics(outputs['on']))}")

    walls = {name: [] for name in configs}
    cpus = {name: [] for name in configs}
    own = {name: [] for name in configs if "rep" in name}
    total = {name: [] for name in own}
    msbuild = {name: [] for name in own}
    for round_ in range(1, args.runs + 1):
        line = [f"round {round_}:"]
        for name, extra in configs.items():
            wall, cpu, output = build(args.project, extra)
            walls[name].append(wall)
            cpus[name].append(cpu)
            line.append(f"{name} {wall:.2f}s (cpu {cpu:.2f}s)")
            if name in own:
                o, t, m = report_numbers(output)
                own[name].append(o)
                total[name].append(t)
                msbuild[name].append(m)
                line.append(f"(SafeMigrate {o:.3f}s of {t:.3f}s analyzer time, MSBuild {m:.2f}s)")
        print(" ".join(line), flush=True)

    print()
    print(f"load average at the end: {os.getloadavg()}")
    for name in configs:
        print(f"wall {name:8} {describe(walls[name])}")
    for name in configs:
        print(f"cpu  {name:8} {describe(cpus[name])}")
    for name in own:
        print(f"SafeMigrate analyzer time [{name}] {describe(own[name])}")
        print(f"all analyzers time        [{name}] {describe(total[name])}")
        shares = [o / m for o, m in zip(own[name], msbuild[name])]
        print(f"SafeMigrate time / MSBuild elapsed [{name}] {describe([100 * s for s in shares])} %")
    for name in [n for n in ("on", "base", "quiet") if n in configs]:
        diffs = [a - b for a, b in zip(walls[name], walls["off"])]
        shares = [100 * (a - b) / a for a, b in zip(walls[name], walls["off"])]
        print(f"paired {name} - off: {describe(diffs)} s; share of the {name} build: {describe(shares)} %")
        mean_share = 100 * (statistics.mean(walls[name]) - statistics.mean(walls["off"])) / statistics.mean(walls[name])
        print(f"  from the means: ({statistics.mean(walls[name]):.3f} - {statistics.mean(walls['off']):.3f}) / "
              f"{statistics.mean(walls[name]):.3f} = {mean_share:.1f} %")
        cpu_diffs = [a - b for a, b in zip(cpus[name], cpus["off"])]
        cpu_shares = [100 * (a - b) / a for a, b in zip(cpus[name], cpus["off"])]
        print(f"paired cpu {name} - off: {describe(cpu_diffs)} s; share of the {name} build's cpu: {describe(cpu_shares)} %")


if __name__ == "__main__":
    main()
