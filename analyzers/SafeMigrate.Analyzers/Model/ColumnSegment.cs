using System.Collections.Generic;
using Microsoft.CodeAnalysis.Operations;

namespace SafeMigrate.Analyzers.Model
{
    /// <summary>
    /// The calls that describe one column inside a chain: <c>AddColumn("c").AsString().NotNullable()</c>,
    /// <c>WithColumn</c> in Create.Table, the single column of Create.Column / Alter.Column.
    /// </summary>
    internal sealed class ColumnSegment
    {
        private ColumnSegment(string action, string? name, IInvocationOperation start)
        {
            Action = action;
            Name = name;
            Start = start;
        }

        /// <summary>"AddColumn", "AlterColumn", "WithColumn", or the root call's name ("Column") for Create.Column / Alter.Column.</summary>
        public string Action { get; }

        public string? Name { get; }

        public IInvocationOperation Start { get; }

        public List<IInvocationOperation> Calls { get; } = new List<IInvocationOperation>();

        public IInvocationOperation? Find(string methodName)
        {
            foreach (var call in Calls)
            {
                if (call.TargetMethod.Name == methodName)
                {
                    return call;
                }
            }

            return null;
        }

        public bool Has(string methodName) => Find(methodName) != null;

        /// <summary>
        /// FluentMigrator generates NOT NULL when nullability is not specified (ColumnDefinition.IsNullable is null),
        /// so only an explicit Nullable() makes a column nullable. The last call wins.
        /// </summary>
        public bool IsNotNull
        {
            get
            {
                var notNull = true;
                foreach (var call in Calls)
                {
                    if (call.TargetMethod.Name == "Nullable")
                    {
                        notNull = false;
                    }
                    else if (call.TargetMethod.Name == "NotNullable")
                    {
                        notNull = true;
                    }
                }

                return notNull;
            }
        }

        public bool HasDefault => Has("WithDefault") || Has("WithDefaultValue");

        internal static List<ColumnSegment> Split(IReadOnlyList<IInvocationOperation> calls, ValueEnvironment environment)
        {
            var result = new List<ColumnSegment>();
            ColumnSegment? current = null;
            foreach (var call in calls)
            {
                var name = call.TargetMethod.Name;
                var receiverIsRoot = call.TargetMethod.ContainingType?.Name.EndsWith("ExpressionRoot", System.StringComparison.Ordinal) == true;
                if (name == "AddColumn" || name == "AlterColumn" || name == "WithColumn" || (name == "Column" && receiverIsRoot))
                {
                    var columnName = call.Arguments.Length > 0 ? environment.EvaluateString(call.Arguments[0].Value) : null;
                    current = new ColumnSegment(name, columnName, call);
                    result.Add(current);
                }

                current?.Calls.Add(call);
            }

            return result;
        }
    }
}
