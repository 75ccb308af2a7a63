using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SafeMigrate.Analyzers.Infrastructure
{
    /// <summary>FluentMigrator types, resolved once per compilation.</summary>
    internal sealed class FluentMigratorSymbols
    {
        private FluentMigratorSymbols(Compilation compilation, INamedTypeSymbol migrationBase)
        {
            MigrationBase = migrationBase;
            MigrationAttribute = compilation.GetTypeByMetadataName("FluentMigrator.MigrationAttribute");
            TransactionBehavior = compilation.GetTypeByMetadataName("FluentMigrator.TransactionBehavior");
            foreach (var member in TransactionBehavior?.GetMembers("None") ?? ImmutableArray<ISymbol>.Empty)
            {
                if (member is IFieldSymbol { HasConstantValue: true } field)
                {
                    TransactionBehaviorNone = field.ConstantValue;
                }
            }

            CreateRoot = compilation.GetTypeByMetadataName("FluentMigrator.Builders.Create.ICreateExpressionRoot");
            DeleteRoot = compilation.GetTypeByMetadataName("FluentMigrator.Builders.Delete.IDeleteExpressionRoot");
            AlterRoot = compilation.GetTypeByMetadataName("FluentMigrator.Builders.Alter.IAlterExpressionRoot");
            RenameRoot = compilation.GetTypeByMetadataName("FluentMigrator.Builders.Rename.IRenameExpressionRoot");
            UpdateRoot = compilation.GetTypeByMetadataName("FluentMigrator.Builders.Update.IUpdateExpressionRoot");
            ExecuteRoot = compilation.GetTypeByMetadataName("FluentMigrator.Builders.Execute.IExecuteExpressionRoot");
            InsertRoot = compilation.GetTypeByMetadataName("FluentMigrator.Builders.Insert.IInsertExpressionRoot");
            SystemMethods = compilation.GetTypeByMetadataName("FluentMigrator.SystemMethods");
            RawSql = compilation.GetTypeByMetadataName("FluentMigrator.RawSql");
            PostgresExtensions = compilation.GetTypeByMetadataName("FluentMigrator.Postgres.PostgresExtensions");
            SqlServerExtensions = compilation.GetTypeByMetadataName("FluentMigrator.SqlServer.SqlServerExtensions");
        }

        public INamedTypeSymbol MigrationBase { get; }

        /// <summary>
        /// The release of FluentMigrator the project references. Its assembly version carries the major number only
        /// (GitVersion "assembly-versioning-scheme: Major" since the 4.x line: 8.0.1 is 8.0.0.0), so the release is read
        /// from [AssemblyFileVersion] ("8.0.1.0"), then [AssemblyInformationalVersion], then the assembly version.
        /// </summary>
        public Version FluentMigratorVersion => _fluentMigratorVersion ??= ReadReleaseVersion(MigrationBase.ContainingAssembly);

        private Version? _fluentMigratorVersion;

        private static Version ReadReleaseVersion(IAssemblySymbol assembly)
        {
            string? fileVersion = null;
            string? informationalVersion = null;
            foreach (var attribute in assembly.GetAttributes())
            {
                var name = attribute.AttributeClass?.Name;
                var value = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                if (name == "AssemblyFileVersionAttribute")
                {
                    fileVersion = value;
                }
                else if (name == "AssemblyInformationalVersionAttribute")
                {
                    informationalVersion = value;
                }
            }

            return ParseLeadingVersion(fileVersion) ?? ParseLeadingVersion(informationalVersion) ?? assembly.Identity.Version;
        }

        /// <summary>"8.0.1.0", "8.0.1+abc", "9.0.0-prerelease.12" -> the numeric part.</summary>
        private static Version? ParseLeadingVersion(string? text)
        {
            if (text is null)
            {
                return null;
            }

            var end = 0;
            while (end < text.Length && (char.IsDigit(text[end]) || text[end] == '.'))
            {
                end++;
            }

            var numeric = text.Substring(0, end).TrimEnd('.');
            return numeric.IndexOf('.') > 0 && Version.TryParse(numeric, out var version) ? version : null;
        }
        public INamedTypeSymbol? MigrationAttribute { get; }
        public INamedTypeSymbol? TransactionBehavior { get; }

        /// <summary>The constant value of <c>TransactionBehavior.None</c>, as it appears in attribute arguments.</summary>
        public object? TransactionBehaviorNone { get; }
        public INamedTypeSymbol? CreateRoot { get; }
        public INamedTypeSymbol? DeleteRoot { get; }
        public INamedTypeSymbol? AlterRoot { get; }
        public INamedTypeSymbol? RenameRoot { get; }
        public INamedTypeSymbol? UpdateRoot { get; }
        public INamedTypeSymbol? ExecuteRoot { get; }
        public INamedTypeSymbol? InsertRoot { get; }
        public INamedTypeSymbol? SystemMethods { get; }
        public INamedTypeSymbol? RawSql { get; }

        /// <summary><c>FluentMigrator.Postgres.PostgresExtensions</c>: AsConcurrently and friends.</summary>
        public INamedTypeSymbol? PostgresExtensions { get; }

        /// <summary><c>FluentMigrator.SqlServer.SqlServerExtensions</c>: Online and friends.</summary>
        public INamedTypeSymbol? SqlServerExtensions { get; }

        /// <summary>Null when the compilation does not reference FluentMigrator: then no analysis is registered.</summary>
        public static FluentMigratorSymbols? TryCreate(Compilation compilation)
        {
            var migrationBase = compilation.GetTypeByMetadataName("FluentMigrator.MigrationBase");
            return migrationBase is null ? null : new FluentMigratorSymbols(compilation, migrationBase);
        }

        /// <summary>Root of a fluent expression: the verb (Create, Delete, ...) the call hangs off, or null.</summary>
        public string? GetRootVerb(INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(type, CreateRoot)) return "Create";
            if (SymbolEqualityComparer.Default.Equals(type, DeleteRoot)) return "Delete";
            if (SymbolEqualityComparer.Default.Equals(type, AlterRoot)) return "Alter";
            if (SymbolEqualityComparer.Default.Equals(type, RenameRoot)) return "Rename";
            if (SymbolEqualityComparer.Default.Equals(type, UpdateRoot)) return "Update";
            if (SymbolEqualityComparer.Default.Equals(type, ExecuteRoot)) return "Execute";
            if (SymbolEqualityComparer.Default.Equals(type, InsertRoot)) return "Insert";
            return null;
        }

        /// <summary>Declared in the FluentMigrator namespace or below it (builders, extensions). Called for every call in Up(): no allocation.</summary>
        public static bool IsFluentMigratorMethod(IMethodSymbol method)
        {
            var ns = method.ContainingNamespace;
            if (ns is null || ns.IsGlobalNamespace)
            {
                return false;
            }

            while (ns.ContainingNamespace is { IsGlobalNamespace: false } parent)
            {
                ns = parent;
            }

            return ns.Name == "FluentMigrator";
        }

        /// <summary>True for an override of <c>MigrationBase.Up()</c>: the only method whose expressions run on a release.</summary>
        public bool IsUpMethod(ISymbol symbol)
        {
            if (symbol is not IMethodSymbol method || method.Name != "Up" || method.Parameters.Length != 0 || !method.IsOverride)
            {
                return false;
            }

            for (var current = method.OverriddenMethod; current != null; current = current.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(current.ContainingType, MigrationBase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Derives from <c>MigrationBase</c> (Migration, AutoReversingMigration, a project's own base class).</summary>
        public bool IsMigrationType(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, MigrationBase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The Up() that runs for <paramref name="type"/>: its own override or the nearest inherited one written in source;
        /// null when the nearest override has no source (a compiled base class) or there is none.
        /// </summary>
        public IMethodSymbol? FindUpImplementation(INamedTypeSymbol type)
        {
            for (var current = type; current != null && !SymbolEqualityComparer.Default.Equals(current, MigrationBase); current = current.BaseType)
            {
                foreach (var member in current.GetMembers("Up"))
                {
                    if (member is IMethodSymbol method && IsUpMethod(method))
                    {
                        return method.DeclaringSyntaxReferences.Length > 0 && !method.IsAbstract ? method : null;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The method a virtual call on <c>this</c> reaches in an instance of <paramref name="type"/>: the most derived
        /// override of <paramref name="method"/> in its hierarchy, or <paramref name="method"/> itself.
        /// </summary>
        public static IMethodSymbol ResolveVirtualCall(INamedTypeSymbol type, IMethodSymbol method)
        {
            var target = method.OriginalDefinition;
            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(target.Name))
                {
                    if (member is not IMethodSymbol candidate || !candidate.IsOverride)
                    {
                        continue;
                    }

                    for (var overridden = candidate.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                    {
                        if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, target))
                        {
                            return candidate;
                        }
                    }
                }

                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target.ContainingType))
                {
                    break;
                }
            }

            return method;
        }

        public bool IsPostgresExtension(IMethodSymbol method) =>
            SymbolEqualityComparer.Default.Equals(method.ContainingType, PostgresExtensions);

        public bool IsSqlServerExtension(IMethodSymbol method) =>
            SymbolEqualityComparer.Default.Equals(method.ContainingType, SqlServerExtensions);
    }
}
