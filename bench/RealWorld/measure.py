#!/usr/bin/env python3
"""Builds the FluentMigrator migrations of a public code base with the packed SafeMigrate analyzer and counts its warnings.

Usage:
  measure.py CLONE --layout servarr [--out DIR] [--provider postgres] [--runs 3] [--package-dir DIR]

CLONE is a local clone of the code base (for example Sonarr or Radarr; `git clone --depth 1 https://github.com/Sonarr/Sonarr`).
Nothing of it is committed here (licences): this script copies its migration files into a throw-away project next to
the stubs of its base classes (bench/RealWorld/Stubs/<layout>), references FluentMigrator 8.0.1, Dapper and
Newtonsoft.Json, and the SafeMigrate.Analyzers package packed from this repository (a unique pre-release version, so
the NuGet cache never serves a stale one), then builds:

 1. Files that do not compile against the stubs (they use types of the code base the stubs do not provide) are
    excluded one build at a time and listed; the report says how many.
 2. The remaining project is built with the analyzer; every SMxxxx warning is written to OUT/warnings.tsv
    (file, line, rule, message) and counted per rule; OUT/silent.txt lists the compiled files with no warning, for a
    reader to sample for misses.
 3. Build time: `dotnet build --no-incremental` with and without the SafeMigrate analyzer (WithSafeMigrate=false drops
    it, the SDK's analyzers stay), RUNS times each,
    alternating after one warm-up, the compiler in the build's own process (UseSharedCompilation=false) so that its
    CPU time is counted; wall and CPU medians and the CPU added per round are printed.

Not in CI: it needs a clone of a public code base and takes minutes.
"""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LAYOUTS = {
    # Where the migrations live, relative to the clone, and which stubs replace their framework folder.
    "servarr": {"migrations": "src/NzbDrone.Core/Datastore/Migration", "skip_dirs": {"Framework"}, "stubs": "Servarr"},
}
WARNING = re.compile(r"^(?P<file>[^(\s][^(]*)\((?P<line>\d+),(?P<col>\d+)\): warning (?P<id>SM\d{4}): (?P<message>.*?)(?: \[[^\]]*\])?$")
ERROR = re.compile(r"^(?P<file>[^(\s][^(]*)\((?P<line>\d+),(?P<col>\d+)\): error (?P<id>CS\d{4})")


def run(args, cwd, check=True):
    result = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1"))
    if check and result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout[-4000:]}")
    return result


def pack_analyzer(package_dir):
    version = "0.1.0-realworld." + time.strftime("%Y%m%d%H%M%S")
    run(["dotnet", "pack", os.path.join(REPO, "analyzers", "SafeMigrate.Analyzers.CodeFixes"), "-c", "Release",
         "-o", package_dir, f"-p:Version={version}", "-nologo", "-v:q"], REPO)
    return version


def write_project(out, package_dir, version, provider):
    os.makedirs(out, exist_ok=True)
    # Stand-alone: none of this repository's build settings (warnings as errors would stop at the first hazard).
    open(os.path.join(out, "Directory.Build.props"), "w").write("<Project />\n")
    open(os.path.join(out, "Directory.Packages.props"), "w").write("<Project />\n")
    open(os.path.join(out, "RealWorldMigrations.csproj"), "w").write(f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);NU1603;CS0618;CS0168;CS0219;CS8632;CS0649;CS0169;CS0414</NoWarn>
    <RestoreAdditionalProjectSources>{package_dir}</RestoreAdditionalProjectSources>
    <SafeMigrateProvider>{provider}</SafeMigrateProvider>
  </PropertyGroup>
  <ItemGroup>
    <Compile Remove="Excluded/**" />
  </ItemGroup>
  <ItemGroup>
    <PackageReference Include="FluentMigrator" Version="8.0.1" />
    <PackageReference Include="FluentMigrator.Extensions.Postgres" Version="8.0.1" />
    <PackageReference Include="FluentMigrator.Extensions.SqlServer" Version="8.0.1" />
    <PackageReference Include="Dapper" Version="2.1.66" />
    <PackageReference Include="Newtonsoft.Json" Version="13.0.4" />
    <PackageReference Include="SafeMigrate.Analyzers" Version="{version}" PrivateAssets="all" />
  </ItemGroup>
  <!-- -p:WithSafeMigrate=false: the same build without the SafeMigrate analyzer, the SDK's analyzers still on. -->
  <Target Name="DropSafeMigrateAnalyzer" BeforeTargets="CoreCompile" Condition="'$(WithSafeMigrate)' == 'false'">
    <ItemGroup>
      <Analyzer Remove="@(Analyzer)" Condition="'%(Filename)' == 'SafeMigrate.Analyzers' or '%(Filename)' == 'SafeMigrate.Analyzers.CodeFixes'" />
    </ItemGroup>
  </Target>
</Project>
""")


def copy_sources(clone, layout, out):
    spec = LAYOUTS[layout]
    migrations = os.path.join(out, "Migrations")
    if os.path.isdir(migrations):
        shutil.rmtree(migrations)
    os.makedirs(migrations)
    source = os.path.join(clone, spec["migrations"])
    copied = []
    for name in sorted(os.listdir(source)):
        path = os.path.join(source, name)
        if name.endswith(".cs") and os.path.isfile(path):
            shutil.copy(path, os.path.join(migrations, name))
            copied.append(name)
    stubs = os.path.join(out, "Stubs")
    if os.path.isdir(stubs):
        shutil.rmtree(stubs)
    shutil.copytree(os.path.join(REPO, "bench", "RealWorld", "Stubs", spec["stubs"]), stubs)
    return migrations, copied


def exclude_uncompilable(out, migrations):
    """Moves migration files with compile errors out of the project until it builds; returns the excluded names."""
    excluded_dir = os.path.join(out, "Excluded")
    if os.path.isdir(excluded_dir):
        shutil.rmtree(excluded_dir)
    os.makedirs(excluded_dir)
    excluded = []
    for _ in range(50):
        result = run(["dotnet", "build", "-nologo", "-v:q", "-clp:NoSummary", "-p:WithSafeMigrate=false"], out, check=False)
        if result.returncode == 0:
            return excluded
        bad = set()
        for line in result.stdout.splitlines():
            match = ERROR.match(line.strip())
            if match and os.path.dirname(os.path.abspath(match["file"])) == migrations:
                bad.add(os.path.basename(match["file"]))
        if not bad:
            sys.exit("the project does not build and no migration file is to blame (a stub is wrong):\n" + result.stdout[-4000:])
        for name in sorted(bad):
            shutil.move(os.path.join(migrations, name), os.path.join(excluded_dir, name))
            excluded.append(name)
    sys.exit("still not building after 50 rounds of exclusion")


def timed_build(out, analyzers):
    """Wall time and CPU time (user + system of the build and its children) of one clean compile. The compiler runs in
    the build's own process tree (UseSharedCompilation=false), so its CPU time is counted: on a shared machine CPU time
    is far less disturbed by other work than wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    run(["dotnet", "build", "--no-incremental", "--no-restore", "-nologo", "-v:q", "-clp:NoSummary",
         "-p:UseSharedCompilation=false", f"-p:WithSafeMigrate={'true' if analyzers else 'false'}"], out)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clone")
    parser.add_argument("--layout", choices=sorted(LAYOUTS), required=True)
    parser.add_argument("--out", default=None)
    parser.add_argument("--provider", default="postgres")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--package-dir", default=None, help="reuse a package packed earlier (with its --version)")
    parser.add_argument("--version", default=None)
    parser.add_argument("--timing-only", action="store_true", help="only the timed builds, of a project OUT holds from an earlier run")
    options = parser.parse_args()

    clone = os.path.abspath(options.clone)
    name = os.path.basename(clone.rstrip("/"))
    out = os.path.abspath(options.out or os.path.join("/tmp", "safemigrate-realworld", name))
    if options.timing_only:
        print_times(out, options.runs)
        return

    package_dir = os.path.abspath(options.package_dir or os.path.join(out, "packages"))
    os.makedirs(package_dir, exist_ok=True)
    version = options.version or pack_analyzer(package_dir)

    write_project(out, package_dir, version, options.provider)
    migrations, copied = copy_sources(clone, options.layout, out)
    run(["dotnet", "restore", "-nologo", "-v:q"], out)
    excluded = exclude_uncompilable(out, migrations)
    compiled = [n for n in copied if n not in excluded]

    result = run(["dotnet", "build", "--no-incremental", "--no-restore", "-nologo", "-v:q", "-clp:NoSummary"], out)
    warnings = {}
    for line in result.stdout.splitlines():
        match = WARNING.match(line.strip())
        if match:
            key = (os.path.basename(match["file"]), int(match["line"]), int(match["col"]), match["id"])
            warnings[key] = match["message"]
    ad0001 = result.stdout.count("AD0001")

    with open(os.path.join(out, "warnings.tsv"), "w") as f:
        f.write("file\tline\trule\tmessage\n")
        for (file, line, _col, rule), message in sorted(warnings.items()):
            f.write(f"{file}\t{line}\t{rule}\t{message}\n")
    flagged = {file for (file, _l, _c, _r) in warnings}
    silent = [n for n in compiled if n not in flagged]
    with open(os.path.join(out, "silent.txt"), "w") as f:
        f.write("\n".join(silent) + "\n")
    with open(os.path.join(out, "excluded.txt"), "w") as f:
        f.write("\n".join(excluded) + "\n")

    per_rule = {}
    for (_f, _l, _c, rule) in warnings:
        per_rule[rule] = per_rule.get(rule, 0) + 1

    print(f"code base: {name} ({clone})")
    print(f"migration files: {len(copied)}; compiled: {len(compiled)}; excluded (do not compile against the stubs): {len(excluded)}")
    print(f"warnings: {len(warnings)} in {len(flagged)} files; silent compiled files: {len(silent)}; AD0001: {ad0001}")
    for rule in sorted(per_rule):
        print(f"  {rule}: {per_rule[rule]}")
    print_times(out, options.runs)
    print(f"details: {out}/warnings.tsv, silent.txt, excluded.txt")


def print_times(out, runs):
    times = {True: [], False: []}
    timed_build(out, False)  # warm-up, not counted: disk cache, MSBuild nodes
    for _ in range(runs):
        for analyzers in (False, True):
            times[analyzers].append(timed_build(out, analyzers))
    for analyzers in (False, True):
        walls = [w for w, _ in times[analyzers]]
        cpus = [c for _, c in times[analyzers]]
        print(f"build --no-incremental {'with' if analyzers else 'without'} the SafeMigrate analyzer ({len(walls)} runs): wall median {statistics.median(walls):.1f} s"
              f" (min {min(walls):.1f}, max {max(walls):.1f}); CPU median {statistics.median(cpus):.1f} s (min {min(cpus):.1f}, max {max(cpus):.1f})")
    added = [on[1] - off[1] for off, on in zip(times[False], times[True])]
    print(f"CPU added by the SafeMigrate analyzer, paired per round: median {statistics.median(added):+.2f} s (min {min(added):+.2f}, max {max(added):+.2f})")


if __name__ == "__main__":
    main()
