#!/usr/bin/env python3
"""Replays the migration history of a public FluentMigrator code base, one migration at a time, two ways, and compares.

Usage:
  replay.py CLONE --layout servarr [--out DIR] [--write docs/benchmarks.md] [--limit N]

CLONE is a local clone of the code base (`git clone --depth 1 https://github.com/Sonarr/Sonarr`). Nothing of it is
committed here (licences): its migration files are copied into a throw-away project next to the stubs of its
framework (bench/RealWorld/Stubs/<layout>, as measure.py does) and bench/RealWorld/Replay/PlainRunner.cs, which makes
the same assembly the input of both runs. A throw-away PostgreSQL cluster (initdb and pg_ctl from PATH) is started.

For each migration N, in order, with database `plain` holding migrations 1..N-1:
 1. `safe` is created as a copy of `plain` (CREATE DATABASE .. TEMPLATE) and dumped (tests/SafeMigrate.Testing/
    DatabaseDump.cs's catalog lines: relations, columns, constraints, indexes, triggers, functions, row digests);
 2. plain FluentMigrator applies N to `plain` (PlainRunner `plain`);
 3. `dotnet safe-migrate expand --to N`, then `contract --to N`, run on `safe`;
 4. the class of N:
    - identical:   both commands exit 0 and `safe` equals `plain` (SafeMigrate's state schema and VersionInfo's
                   timestamps left out; column order is not compared: a renamed column is a new, last column);
    - refused:     a command exits 1 and `safe` is exactly as before that command; the refusal's first line is kept;
    - failed:      any other exit code, or a refusal that left a change;
    - differs:     both exit 0 but the dumps differ (the differing lines are kept);
    - plain fails: FluentMigrator itself cannot apply N here (a file excluded because it does not compile against
                   the stubs created what N needs, or a stub's body is not the real one); N is then recorded as
                   applied on both sides without running, and the replay goes on.
Writes OUT/replay.tsv (version, class, detail) and, with --write, a section of the given markdown file.

Not in CI: it needs a clone of a public code base and takes tens of minutes.
"""
import argparse
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
spec = importlib.util.spec_from_file_location("measure", os.path.join(HERE, "measure.py"))
measure = importlib.util.module_from_spec(spec)
spec.loader.exec_module(measure)

DUMP_SQL_SOURCE = os.path.join(REPO, "tests", "SafeMigrate.Testing", "DatabaseDump.cs")
SECTION = "## Runner on real code: a replay"


def dump_sql():
    """The catalog query of DatabaseDump.cs (one source of truth for what "unchanged" means), read from that file."""
    text = open(DUMP_SQL_SOURCE).read()
    schemas = text.split('private const string UserSchemas = "', 1)[1].split('";', 1)[0].replace("\\\\", "\\")
    body = text.split('private const string Sql = $"""', 1)[1].split('""";', 1)[0]
    return body.replace("{UserSchemas}", schemas).replace("{{", "{").replace("}}", "}")


def snapshot(out):
    """This repository at HEAD, exported (git archive) to OUT/safemigrate: the replay measures a commit, not a tree
    being edited. Returns the directory and the commit."""
    target = os.path.join(out, "safemigrate")
    if os.path.isdir(target):
        shutil.rmtree(target)
    os.makedirs(target)
    commit = run(["git", "-C", REPO, "rev-parse", "--short=7", "HEAD"]).stdout.strip()
    archive = subprocess.Popen(["git", "-C", REPO, "archive", "HEAD"], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", target], stdin=archive.stdout, check=True)
    archive.wait()
    return target, commit


def write_project(out, declare_delegates, safemigrate):
    os.makedirs(out, exist_ok=True)
    open(os.path.join(out, "Directory.Build.props"), "w").write("<Project />\n")
    open(os.path.join(out, "Directory.Packages.props"), "w").write("<Project />\n")
    open(os.path.join(out, "ReplayMigrations.csproj"), "w").write("""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);NU1603;CS0618;CS0168;CS0219;CS8632;CS0649;CS0169;CS0414</NoWarn>
    <StartupObject>SafeMigrate.Bench.Replay.PlainRunner</StartupObject>
  </PropertyGroup>
  <ItemGroup>
    <Compile Remove="Excluded/**" />
  </ItemGroup>
  <ItemGroup>
    <PackageReference Include="FluentMigrator" Version="8.0.1" />
    <PackageReference Include="FluentMigrator.Runner.Core" Version="8.0.1" />
    <PackageReference Include="FluentMigrator.Runner.Postgres" Version="8.0.1" />
    <PackageReference Include="FluentMigrator.Extensions.Postgres" Version="8.0.1" />
    <PackageReference Include="FluentMigrator.Extensions.SqlServer" Version="8.0.1" />
    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="8.0.1" />
    <PackageReference Include="Npgsql" Version="10.0.3" />
    <PackageReference Include="Dapper" Version="2.1.66" />
    <PackageReference Include="Newtonsoft.Json" Version="13.0.4" />
  </ItemGroup>
""" + (f"""  <ItemGroup>
    <ProjectReference Include="{os.path.join(safemigrate, 'src', 'SafeMigrate', 'SafeMigrate.csproj')}" />
  </ItemGroup>
""" if declare_delegates else "") + "</Project>\n")
    shutil.copy(os.path.join(HERE, "Replay", "PlainRunner.cs"), os.path.join(out, "PlainRunner.cs"))


def declare_delegates_in_expand(migrations):
    """The one-line change a team makes for SafeMigrate: each Execute.WithConnection(..) becomes
    Execute.WithConnectionInExpand(..) (SafeMigrate.FluentMigrator), which plain FluentMigrator runs the same way."""
    changed = 0
    for name in sorted(os.listdir(migrations)):
        path = os.path.join(migrations, name)
        text = open(path, encoding="utf-8-sig").read()
        if "Execute.WithConnection(" not in text:
            continue
        text = "using SafeMigrate.FluentMigrator;\n" + text.replace("Execute.WithConnection(", "Execute.WithConnectionInExpand(")
        open(path, "w", encoding="utf-8").write(text)
        changed += 1
    return changed


def run(args, cwd=None, env=None):
    return subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", **(env or {})))


class Cluster:
    """A throw-away PostgreSQL cluster from the programs on PATH, as the test suite starts one (as postgres when root)."""

    def __init__(self, root):
        self.data = os.path.join(root, "pgdata")
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        os.makedirs(root, exist_ok=True)
        if self.as_postgres:
            shutil.chown(root, "postgres")
        self._pg("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C")
        self._pg("pg_ctl", "-D", self.data, "-l", os.path.join(root, "server.log"), "-w", "start",
                 "-o", f"-p {self.port} -k {root} -c listen_addresses=localhost -c fsync=off")
        self.host = "localhost"

    def _pg(self, *args):
        result = run(self.as_postgres + list(args))
        if result.returncode != 0:
            sys.exit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")

    def connection(self, database):
        return f"Host={self.host};Port={self.port};Username=postgres;Database={database};Pooling=false"

    def psql(self, database, sql):
        result = run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.host, "-p", str(self.port),
                      "-U", "postgres", "-d", database, "-c", sql])
        if result.returncode != 0:
            sys.exit(f"psql failed: {result.stderr}")
        return result.stdout

    def stop(self):
        run(self.as_postgres + ["pg_ctl", "-D", self.data, "-m", "immediate", "stop"])


def free_port():
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def dump(cluster, database, sql):
    lines = [l for l in cluster.psql(database, sql).splitlines() if l]
    kept = []
    for line in lines:
        if line.startswith("schema safe_migrate") or " safe_migrate." in line or line.startswith(("relation safe_migrate.", "column safe_migrate.", "rows safe_migrate.", "function safe_migrate.")):
            continue
        if line.startswith("rows public.VersionInfo "):
            continue  # AppliedOn differs by construction; the applied versions are compared below
        kept.append(line)
    versions = cluster.psql(database, 'SELECT string_agg("Version"::text, \',\' ORDER BY "Version") FROM public."VersionInfo"').strip() \
        if any(l.startswith("relation public.VersionInfo ") for l in lines) else ""
    kept.append("versioninfo " + versions)
    return sorted(kept)


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


SQLSTATE = re.compile(r"\b[0-9A-Z]{5}: .*")


def server_error(text):
    """What the server said when plain FluentMigrator failed (the SQLSTATE line), else the exception's first line."""
    match = SQLSTATE.search(text)
    return match.group(0).strip() if match else first_line(text)


def summary(text):
    """A command's error as one line: its first lines (the refusal's header, then each reason with its rule id)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " / ".join(lines[:4])


def split_statements(sql):
    """Splits a raw SQL text on top-level semicolons (outside quotes, dollar quotes and parentheses)."""
    parts, current, quote, depth, i = [], [], None, 0, 0
    while i < len(sql):
        c = sql[i]
        if quote:
            if sql.startswith(quote, i):
                current.append(quote)
                i += len(quote)
                quote = None
                continue
        elif c in "'\"":
            quote = c
        elif c == "$" and "$" in sql[i + 1:]:
            end = sql.index("$", i + 1)
            tag = sql[i:end + 1]
            if all(ch.isalnum() or ch == "_" for ch in tag[1:-1]):
                quote = tag
                current.append(tag)
                i = end + 1
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == ";" and depth == 0:
            parts.append("".join(current))
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip() and not all(l.strip().startswith("--") for l in p.strip().splitlines())]


def sql_kind(statement):
    """The kind of one raw statement, by its leading keywords (a bench's count, not the runner's reader)."""
    words = " ".join(l for l in statement.splitlines() if not l.strip().startswith("--")).upper().split()
    text = " ".join(words)
    head = " ".join(words[:3])
    top_where = " WHERE " in f" {text} "
    if not words:
        return "empty"
    if words[0] == "UPDATE":
        return "UPDATE with WHERE" if top_where else "UPDATE of every row"
    if words[0] == "DELETE":
        return "DELETE with WHERE" if top_where else "DELETE of every row"
    if words[0] == "INSERT":
        return "INSERT … SELECT" if " SELECT " in f" {text} " else "INSERT … VALUES"
    if head.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")):
        return "CREATE INDEX"
    if head.startswith("DROP INDEX"):
        return "DROP INDEX"
    if words[0] == "ALTER" and len(words) > 1 and words[1] == "TABLE":
        if " TYPE " in f" {text} ":
            return "ALTER TABLE … TYPE"
        for action in ("RENAME", "DROP", "ADD", "ALTER"):
            if f" {action} " in f" {' '.join(words[3:])} ":
                return f"ALTER TABLE … {action}"
        return "ALTER TABLE (other)"
    if head.startswith(("CREATE TABLE", "CREATE TEMP", "DROP TABLE")):
        return " ".join(words[:2])
    if words[0] in ("CREATE", "DROP") and len(words) > 1:
        target = words[2] if words[1] in ("OR", "UNIQUE") and len(words) > 3 and words[2] != "REPLACE" else words[1]
        if words[1] == "OR" and len(words) > 3:
            target = words[3]
        return f"{words[0]} {target}"
    if words[0] in ("SELECT", "WITH"):
        return "SELECT / WITH"
    return words[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clone")
    parser.add_argument("--layout", choices=sorted(measure.LAYOUTS), required=True)
    parser.add_argument("--out", default=None)
    parser.add_argument("--write", default=None, help="markdown file whose replay section is written (or replaced)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N migrations")
    parser.add_argument("--passes", choices=["both", "as-written", "declared"], default="both",
                        help="the migrations as written, with their delegates declared in expand, or both (default)")
    parser.add_argument("--report", nargs=2, metavar=("AS_WRITTEN_DIR", "DECLARED_DIR"), default=None,
                        help="only write the section (--write) from two passes run earlier, possibly at once in two processes")
    options = parser.parse_args()

    clone = os.path.abspath(options.clone)
    name = os.path.basename(clone.rstrip("/"))
    commit = run(["git", "-C", clone, "rev-parse", "--short=7", "HEAD"]).stdout.strip()
    if options.report:
        passes = [json.load(open(os.path.join(d, "summary.json"))) for d in options.report]
        write_section(options.write, markdown(name, commit, passes[0]["safemigrate"], passes))
        return

    out = os.path.abspath(options.out or os.path.join("/tmp", "safemigrate-replay", name))
    os.makedirs(out, exist_ok=True)
    safemigrate, own_commit = snapshot(out)
    cli_build = run(["dotnet", "build", os.path.join(safemigrate, "src", "SafeMigrate.Cli"), "-c", "Release", "-nologo", "-v:q",
                     "-o", os.path.join(out, "cli")])
    if cli_build.returncode != 0:
        sys.exit(cli_build.stdout[-4000:])
    cli = ["dotnet", os.path.join(out, "cli", "dotnet-safe-migrate.dll")]
    passes = []
    for declare in ([False, True] if options.passes == "both" else [options.passes == "declared"]):
        result = replay(options, clone, os.path.join(out, "declared" if declare else "as-written"), declare, safemigrate, cli)
        result["safemigrate"] = own_commit
        json.dump(result, open(os.path.join(out, "declared" if declare else "as-written", "summary.json"), "w"))
        passes.append(result)
    if options.write and len(passes) == 2:
        write_section(options.write, markdown(name, commit, own_commit, passes))


def replay(options, clone, out, declare, safemigrate, cli):
    """One pass over the history: the migrations as written, or with their delegates declared in expand."""
    project = os.path.join(out, "project")
    write_project(project, declare, safemigrate)
    migrations, copied = measure.copy_sources(clone, options.layout, project)
    declared = declare_delegates_in_expand(migrations) if declare else 0
    restore = run(["dotnet", "restore", "-nologo", "-v:q"], project)
    if restore.returncode != 0:
        sys.exit(restore.stdout[-4000:])
    excluded = measure.exclude_uncompilable(project, migrations)
    build = run(["dotnet", "build", "-c", "Release", "--no-restore", "-nologo", "-v:q", "-clp:NoSummary", "-o", os.path.join(out, "bin")], project)
    if build.returncode != 0:
        sys.exit(build.stdout[-4000:])
    assembly = os.path.join(out, "bin", "ReplayMigrations.dll")
    plain_runner = ["dotnet", assembly]

    listed = run(plain_runner + ["versions"])
    if listed.returncode != 0:
        sys.exit(listed.stdout + listed.stderr)
    versions = [(int(v), d) for v, d in (line.split("\t", 1) for line in listed.stdout.splitlines() if line)]
    if options.limit:
        versions = versions[:options.limit]

    sql = dump_sql()
    cluster = Cluster(tempfile.mkdtemp(prefix="replay-", dir="/tmp"))
    rows = []
    sql_kinds = []
    started = time.monotonic()
    try:
        cluster.psql("postgres", "CREATE DATABASE plain")
        for version, description in versions:
            cluster.psql("postgres", "DROP DATABASE IF EXISTS safe")
            cluster.psql("postgres", "CREATE DATABASE safe TEMPLATE plain")

            listed_sql = run(plain_runner + ["sql", cluster.connection("plain"), str(version)])
            for line in listed_sql.stdout.splitlines():
                if line == "delegate":
                    sql_kinds.append((version, "Execute.WithConnection (C# delegate)"))
                elif line:
                    text = json.loads(line)
                    if text.startswith("script "):
                        sql_kinds.append((version, "Execute.Script (file)"))
                        continue
                    for statement in split_statements(text):
                        sql_kinds.append((version, sql_kind(statement)))

            plain = run(plain_runner + ["plain", cluster.connection("plain"), str(version)])
            if plain.returncode != 0:
                run(plain_runner + ["mark", cluster.connection("plain"), str(version)])
                detail = server_error(plain.stderr + plain.stdout)
                rows.append((version, description, "plain fails", detail[:300]))
                print(f"{version:>4} plain fails   {detail[:160]}", flush=True)
                continue
            expected = dump(cluster, "plain", sql)

            klass, detail = None, ""
            for command in ("expand", "contract"):
                previous = dump(cluster, "safe", sql)
                result = run(cli + [command, "-a", assembly, "-c", cluster.connection("safe"), "--to", str(version)])
                if result.returncode == 0:
                    continue
                detail = f"{command}: exit {result.returncode}: {summary(result.stderr) or summary(result.stdout)}"
                after = dump(cluster, "safe", sql)
                if result.returncode == 1 and after == previous:
                    klass = "refused" if command == "expand" else "refused at contract"
                else:
                    changed = sorted(set(after) ^ set(previous))
                    klass = "failed"
                    if result.returncode == 1:
                        detail += f" (left {len(changed)} catalog lines changed: {'; '.join(changed[:3])})"
                break
            if klass is None:
                actual = dump(cluster, "safe", sql)
                if actual == expected:
                    klass = "identical"
                else:
                    only_safe = sorted(set(actual) - set(expected))
                    only_plain = sorted(set(expected) - set(actual))
                    klass = "differs"
                    detail = f"only after safe-migrate: {'; '.join(only_safe[:4])} | only after FluentMigrator: {'; '.join(only_plain[:4])}"
            rows.append((version, description, klass, detail[:600]))
            print(f"{version:>4} {klass:<12} {detail[:160]}", flush=True)
    finally:
        cluster.stop()

    elapsed = time.monotonic() - started
    with open(os.path.join(out, "replay.tsv"), "w") as f:
        f.write("version\tdescription\tclass\tdetail\n")
        for row in rows:
            f.write("\t".join(str(x).replace("\t", " ").replace("\n", " ") for x in row) + "\n")
    counts = {}
    for _v, _d, klass, _x in rows:
        counts[klass] = counts.get(klass, 0) + 1
    print(f"{'delegates declared in expand' if declare else 'as written'}: {len(rows)} migrations replayed in {elapsed / 60:.1f} min; files {len(copied)}, excluded {len(excluded)}")
    for klass in sorted(counts):
        print(f"  {klass}: {counts[klass]}")
    with open(os.path.join(out, "sql-kinds.tsv"), "w") as f:
        f.write("version\tkind\n")
        for version, kind in sql_kinds:
            f.write(f"{version}\t{kind}\n")
    print(f"details: {out}/replay.tsv, sql-kinds.tsv")
    return {"declare": declare, "declared": declared, "copied": copied, "excluded": excluded, "rows": rows, "sql_kinds": sql_kinds, "elapsed": elapsed}




RULE = re.compile(r"\b(SM\d{4})\b")


def reason_of(detail):
    """What a refusal says, by rule id when it names one, else the kind of expression and the start of its reason."""
    rules = sorted(set(RULE.findall(detail)))
    if rules:
        return ", ".join(rules)
    parts = detail.split(" / ")
    text = re.sub(r"^- Migration \d+: ", "", parts[1] if len(parts) > 1 else detail)
    what, _, why = text.partition("): ")
    return f"`{what.split('(')[0]}`: {(why or text)[:110].replace('|', '/')}"


def markdown(name, commit, own_commit, passes):
    classes = ["identical", "refused", "refused at contract", "failed", "differs", "plain fails"]
    first = passes[0]
    titles = ["as written"] + ["`Execute.WithConnection` declared in expand" for _ in passes[1:]]
    lines = [SECTION, "",
             f"The whole migration history of **{name}** (commit {commit}), replayed with SafeMigrate at commit {' and '.join(sorted({p.get('safemigrate', own_commit) for p in passes}))}, one migration at a time on an empty",
             "PostgreSQL database: plain FluentMigrator applies migration N to one copy, `safe-migrate expand --to N` then",
             "`contract --to N` run on a copy of the same database taken just before, and the two are compared (relations,",
             "columns, constraints, indexes, triggers, functions and a digest of every table's rows; SafeMigrate's own",
             "state schema, VersionInfo's timestamps and column order left out). A refusal counts as one only when the",
             "refused command left the database exactly as it was. A second pass replays the same history with the one-line",
             "change a team makes for SafeMigrate: each `Execute.WithConnection(..)` written `Execute.WithConnectionInExpand(..)`",
             f"({passes[-1]['declared']} files of the code base hold one).",
             "The source is not in this repository:",
             "", "```sh", f"git clone https://github.com/Sonarr/Sonarr /tmp/clones/{name}",
             f"python3 bench/RealWorld/replay.py /tmp/clones/{name} --layout servarr --write docs/benchmarks.md", "```", "",
             f"{len(first['copied'])} migration files; {len(first['excluded'])} do not compile against the stubs (bench/RealWorld/Stubs) and are",
             f"left out, so {len(first['rows'])} migrations were replayed per pass ({sum(p['elapsed'] for p in passes) / 60:.0f} min in all). The",
             "database holds only the rows the migrations insert themselves: data fixes ran over few or no rows.", "",
             "| Class | " + " | ".join(titles) + " |", "|---|" + "---|" * len(passes)]
    for k in classes:
        lines.append(f"| {k} | " + " | ".join(str(sum(1 for r in p["rows"] if r[2] == k)) for p in passes) + " |")
    for index, current in enumerate(passes):
        refusals = {}
        for version, _d, klass, detail in current["rows"]:
            if klass.startswith("refused"):
                refusals.setdefault(reason_of(detail), []).append(version)
        if refusals:
            lines += ["", f"Refusals, {titles[index]}, by reason (each refusal names its recipe):", "", "| Reason | Migrations | Versions |", "|---|---|---|"]
            for reason, versions in sorted(refusals.items(), key=lambda kv: -len(kv[1])):
                lines.append(f"| {reason} | {len(versions)} | {', '.join(map(str, versions))} |")
        others = [r for r in current["rows"] if r[2] in ("failed", "differs", "plain fails", "refused at contract")]
        if others:
            lines += ["", f"Every migration neither identical nor refused at plan time, {titles[index]}:", "", "| Migration | Class | What happened |", "|---|---|---|"]
            for version, description, klass, detail in others:
                lines.append(f"| {version} {description} | {klass} | {detail.replace('|', '/')[:300]} |")
    kinds = {}
    for version, kind in first["sql_kinds"]:
        entry = kinds.setdefault(kind, [0, set()])
        entry[0] += 1
        entry[1].add(version)
    by_version = [{r[0]: r[2] for r in p["rows"]} for p in passes]

    def outcome(classes_by_version, versions):
        identical = sum(1 for v in versions if classes_by_version.get(v) == "identical")
        refused = sum(1 for v in versions if str(classes_by_version.get(v, "")).startswith("refused"))
        return f"{identical} / {refused} / {len(versions) - identical - refused}"

    lines += ["", "Every raw SQL statement and C# delegate of the replayed `Up()` methods, by kind (leading keywords), and how",
              "the migrations that hold them came out (identical / refused / other; a migration can hold several kinds):", "",
              "| Kind | Statements | Migrations | " + " | ".join(titles) + " |", "|---|---|---|" + "---|" * len(passes)]
    for kind, (count, versions) in sorted(kinds.items(), key=lambda kv: (-kv[1][0], kv[0])):
        lines.append(f"| {kind} | {count} | {len(versions)} | " + " | ".join(outcome(b, versions) for b in by_version) + " |")
    lines += ["", "<details><summary>Every migration</summary>", "", "| Version | Migration | " + " | ".join(titles) + " |", "|---|---|" + "---|" * len(passes)]
    for version, description, _klass, _detail in first["rows"]:
        lines.append(f"| {version} | {description} | " + " | ".join(b.get(version, "") for b in by_version) + " |")
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def write_section(path, section):
    text = open(path).read() if os.path.exists(path) else ""
    if SECTION in text:
        before, rest = text.split(SECTION, 1)
        after = rest[rest.find("\n## "):] if "\n## " in rest else ""
        text = before + section + ("\n" + after.lstrip("\n") if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    open(path, "w").write(text)


if __name__ == "__main__":
    main()
