using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>An <c>IfDatabase(..)</c> call in Up() (or a helper it calls) and the database types it names.</summary>
    internal sealed class IfDatabaseCall
    {
        public IfDatabaseCall(IInvocationOperation call, IReadOnlyList<string?> databaseTypes, Location? helperCallSite)
        {
            Call = call;
            DatabaseTypes = databaseTypes;
            HelperCallSite = helperCallSite;
        }

        public IInvocationOperation Call { get; }

        /// <summary>The string arguments, null where the value is not known at compile time; empty for the predicate overload.</summary>
        public IReadOnlyList<string?> DatabaseTypes { get; }

        public Location? HelperCallSite { get; }

        public Location GetLocation() => HelperCallSite ?? SyntaxLocations.MethodName(Call);
    }
}
