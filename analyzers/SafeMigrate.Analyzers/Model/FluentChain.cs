using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeMigrate.Analyzers.Infrastructure;
using SafeMigrate.Sql;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>
    /// One FluentMigrator expression as written: the root call (<c>Delete.Column("a")</c>) and every call chained
    /// on it, even when the chain is split across local variables.
    /// </summary>
    internal sealed class FluentChain
    {
        private readonly List<IInvocationOperation> _calls = new List<IInvocationOperation>();
        private List<ColumnSegment>? _columns;

        public FluentChain(string kind, IInvocationOperation? rootCall, ProviderScope scope, int order, ValueEnvironment environment, Location? helperCallSite)
        {
            Kind = kind;
            RootCall = rootCall;
            Scope = scope;
            Order = order;
            Environment = environment;
            HelperCallSite = helperCallSite;
        }

        /// <summary>"Delete.Column", "Create.Index", "Alter.Table", "Execute.Sql" ... (verb and root method).</summary>
        public string Kind { get; }

        /// <summary>The call on the expression root, or null when the chain starts from a parameter (a lambda's table builder).</summary>
        public IInvocationOperation? RootCall { get; }

        public ProviderScope Scope { get; }

        /// <summary>Position in the migration's Up(), helper methods inlined: used for "created earlier in this migration".</summary>
        public int Order { get; }

        public ValueEnvironment Environment { get; }

        /// <summary>Set when the chain sits in a helper declared outside the migration class: diagnostics go to that call in Up().</summary>
        public Location? HelperCallSite { get; }

        public IReadOnlyList<IInvocationOperation> Calls => _calls;

        public string? Table { get; set; }

        public string? Schema { get; set; }

        public IReadOnlyList<ColumnSegment> Columns => _columns ??= ColumnSegment.Split(_calls, Environment);

        /// <summary>For Execute.Sql: the statements of its SQL text when the text is known at compile time.</summary>
        public IReadOnlyList<SqlStatement> SqlStatements { get; set; } = System.Array.Empty<SqlStatement>();

        internal void Add(IInvocationOperation call)
        {
            _calls.Add(call);
        }

        internal void Sort()
        {
            _calls.Sort((a, b) => a.Syntax.Span.End.CompareTo(b.Syntax.Span.End));
        }

        public bool Has(string methodName)
        {
            return Find(methodName) != null;
        }

        public IInvocationOperation? Find(string methodName)
        {
            foreach (var call in _calls)
            {
                if (call.TargetMethod.Name == methodName)
                {
                    return call;
                }
            }

            return null;
        }

        public bool AppliesTo(ProviderScope provider) => (Scope & provider) != 0;

        /// <summary>True when every call of the chain lies in one expression (a code fix can append to it).</summary>
        public bool IsSingleExpression
        {
            get
            {
                if (_calls.Count == 0)
                {
                    return false;
                }

                var last = _calls[_calls.Count - 1].Syntax;
                foreach (var call in _calls)
                {
                    if (call.Syntax.SyntaxTree != last.SyntaxTree || !last.Span.Contains(call.Syntax.Span))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public Location GetLocation(IInvocationOperation? call = null)
        {
            if (HelperCallSite != null)
            {
                return HelperCallSite;
            }

            var target = call ?? RootCall ?? (_calls.Count > 0 ? _calls[0] : null);
            return target is null ? Location.None : SyntaxLocations.MethodName(target);
        }
    }
}
