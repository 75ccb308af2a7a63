using System.Collections.Generic;
using System.Linq;

namespace SafeMigrate.Sql
{
    /// <summary>What <see cref="RawSqlReader"/> makes of one raw SQL text, for one server.</summary>
    internal sealed class RawSqlReading
    {
        public RawSqlReading(IReadOnlyList<SqlStatement> statements, SqlFlavor flavor)
        {
            Statements = statements;
            Flavor = flavor;

            // Several statements share one phase only by chance; the author declares it (the runner refuses otherwise).
            // Data fixes bounded by their WHERE are the exception: together they are still one data fix, in expand.
            Phase = statements.Count == 1 ? statements[0].PhaseFor(flavor)
                : statements.Count > 1 && statements.All(s => s.ReadDataChange(flavor) is { Bounded: true }) ? SqlPhase.Expand
                : SqlPhase.Unknown;

            var tables = new List<SqlTableTouch>();
            foreach (var statement in statements)
            {
                RunsOutsideTransaction |= statement.RunsOutsideTransaction(flavor);
                tables.AddRange(statement.Tables);
            }

            Tables = tables;
        }

        public IReadOnlyList<SqlStatement> Statements { get; }

        public SqlFlavor Flavor { get; }

        /// <summary>The phase of the text's only statement; <see cref="SqlPhase.Unknown"/> for none or several.</summary>
        public SqlPhase Phase { get; }

        /// <summary>Some statement is one the server refuses inside a transaction: the text must run alone, outside one.</summary>
        public bool RunsOutsideTransaction { get; }

        /// <summary>The tables every statement scans, indexes or rewrites, in order.</summary>
        public IReadOnlyList<SqlTableTouch> Tables { get; }
    }
}
