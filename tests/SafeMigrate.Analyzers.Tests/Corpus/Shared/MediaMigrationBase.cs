using System;
using FluentMigrator;
using FluentMigrator.Builders.Create;
using FluentMigrator.Builders.Create.Table;

namespace Media.Migrations.Framework
{
    public enum MediaDatabase
    {
        Main,
        Log,
    }

    /// <summary>
    /// The template-method shape of large public code bases: the base class owns Up() and dispatches to one virtual
    /// method per database; concrete migrations override those and never declare Up().
    /// </summary>
    public abstract class MediaMigrationBase : Migration
    {
        public MediaDatabase Target { get; set; } = MediaDatabase.Main;

        protected virtual void MainDbUpgrade()
        {
        }

        protected virtual void LogDbUpgrade()
        {
        }

        public override void Up()
        {
            switch (Target)
            {
                case MediaDatabase.Main:
                    MainDbUpgrade();
                    return;
                case MediaDatabase.Log:
                    LogDbUpgrade();
                    return;
                default:
                    LogDbUpgrade();
                    MainDbUpgrade();
                    return;
            }
        }

        public override void Down()
        {
            throw new NotImplementedException();
        }
    }

    public static class MediaMigrationExtensions
    {
        /// <summary>Every table of the model starts with an identity key.</summary>
        public static ICreateTableColumnOptionOrWithColumnSyntax TableForModel(this ICreateExpressionRoot create, string name)
        {
            return create.Table(name).WithColumn("Id").AsInt32().PrimaryKey().Identity();
        }
    }
}
