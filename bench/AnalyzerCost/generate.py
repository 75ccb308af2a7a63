#!/usr/bin/env python3
"""Writes a migrations project of N FluentMigrator migrations (default 1,000) that uses the SafeMigrate analyzer.

Usage: generate.py OUTPUT_DIR [COUNT]

The migrations cycle through realistic shapes, hazardous and safe: tables with columns and indexes, column adds
(nullable, defaulted, NOT NULL), indexes with and without AsConcurrently/Online, renames, drops, foreign keys,
backfills, Execute.Sql statements, IfDatabase branches and helper methods. The project references the analyzer dlls
built from this repository (Release), so build those first; see docs/benchmarks.md.
"""
import os
import sys

out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "generated")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
analyzers = os.path.join(repo, "analyzers", "SafeMigrate.Analyzers", "bin", "Release", "netstandard2.0", "SafeMigrate.Analyzers.dll")
os.makedirs(os.path.join(out, "Migrations"), exist_ok=True)

# Stand-alone: do not inherit the repository's build settings (warnings as errors would stop at the first hazard).
open(os.path.join(out, "Directory.Build.props"), "w").write("<Project />\n")
open(os.path.join(out, "Directory.Packages.props"), "w").write("<Project />\n")
open(os.path.join(out, "AnalyzerCost.csproj"), "w").write(f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <NoWarn>$(NoWarn);NU1603</NoWarn>
    <!-- Set SafeMigrateAnalyzerDll on the command line to compare another build of the analyzer (the baseline option of measure.py). An XML comment must not contain two hyphens in a row (MSB4025). -->
    <SafeMigrateAnalyzerDll Condition="'$(SafeMigrateAnalyzerDll)' == ''">{analyzers}</SafeMigrateAnalyzerDll>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="FluentMigrator" Version="8.0.1" />
    <PackageReference Include="FluentMigrator.Extensions.Postgres" Version="8.0.1" />
    <PackageReference Include="FluentMigrator.Extensions.SqlServer" Version="8.0.1" />
  </ItemGroup>
  <ItemGroup Condition="'$(WithSafeMigrate)' != 'false'">
    <Analyzer Include="$(SafeMigrateAnalyzerDll)" />
  </ItemGroup>
</Project>
""")

shapes = [
    # (attribute arguments, body)
    ("", 'Create.Table("t{n}").WithColumn("id").AsInt64().PrimaryKey().Identity()\n            .WithColumn("name").AsString(200).NotNullable()\n            .WithColumn("email").AsString(320).Nullable().Indexed();'),
    ("", 'Alter.Table("t{p}").AddColumn("c{n}").AsString(50).Nullable();'),
    ("", 'Alter.Table("t{p}").AddColumn("c{n}").AsInt32().NotNullable().WithDefaultValue(0);'),
    ("", 'Create.Column("c{n}").OnTable("t{p}").AsString(20).NotNullable();'),
    (", TransactionBehavior.None", 'Create.Index("ix_{n}").OnTable("t{p}").OnColumn("name").Ascending().WithOptions().AsConcurrently();'),
    ("", 'Create.Index("ix_{n}").OnTable("t{p}").OnColumn("name").Ascending();'),
    ("", 'IfDatabase("SqlServer").Create.Index("ix_{n}").OnTable("t{p}").OnColumn("name").Ascending().WithOptions().Online();'),
    ("", 'Rename.Column("c{p}").OnTable("t{p}").To("c{n}");'),
    ("", 'Delete.Column("c{p}").FromTable("t{p}");'),
    ("", 'Create.ForeignKey("fk_{n}").FromTable("t{p}").ForeignColumn("id").ToTable("t{q}").PrimaryColumn("id");'),
    ("", 'Update.Table("t{p}").Set(new {{ name = "x" }}).AllRows();'),
    ("", 'Execute.Sql("CREATE INDEX ix_raw_{n} ON t{p} (name); UPDATE t{p} SET name = \'y\' WHERE id < 100;");'),
    ("", 'AddAudit("t{p}");'),
    ("", 'Create.Column("s{n}").OnTable("t{p}").AsString(20).NotNullable().SetExistingRowsTo("active");'),
]

for i in range(1, count + 1):
    attr, body = shapes[i % len(shapes)]
    code = body.format(n=i, p=max(1, i - 7), q=max(1, i - 3))
    with open(os.path.join(out, "Migrations", f"M{i:05d}.cs"), "w") as f:
        f.write(f"""using FluentMigrator;
using FluentMigrator.Postgres;
using FluentMigrator.SqlServer;

namespace AnalyzerCost.Migrations;

[Migration({i}{attr}, "Migration {i}")]
public class M{i:05d} : Migration
{{
    public override void Up()
    {{
        {code}
    }}

    private void AddAudit(string table) =>
        Alter.Table(table).AddColumn("updated_at").AsDateTime().Nullable();

    public override void Down()
    {{
    }}
}}
""")

print(f"wrote {count} migrations to {out}")
