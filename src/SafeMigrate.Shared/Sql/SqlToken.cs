namespace SafeMigrate.Sql
{
    internal enum SqlTokenKind
    {
        Word,
        QuotedIdentifier,
        String,
        Number,
        Symbol,
    }

    internal readonly struct SqlToken
    {
        public SqlToken(SqlTokenKind kind, string text, string? value = null)
        {
            Kind = kind;
            Text = text;
            Value = value;
            Upper = kind == SqlTokenKind.Word ? text.ToUpperInvariant() : text;
        }

        /// <summary>The content of a quoted string literal ('...' or N'...'), null for other tokens and dollar-quoted bodies.</summary>
        public string? Value { get; }

        public SqlTokenKind Kind { get; }

        /// <summary>The token as written; identifiers without their quotes or brackets.</summary>
        public string Text { get; }

        /// <summary>Keywords compare upper-case; quoted identifiers and strings never match a keyword.</summary>
        public string Upper { get; }

        public bool Is(string keyword) => Kind == SqlTokenKind.Word && Upper == keyword;

        public bool IsIdentifier => Kind == SqlTokenKind.Word || Kind == SqlTokenKind.QuotedIdentifier;

        public override string ToString() => Text;
    }
}
