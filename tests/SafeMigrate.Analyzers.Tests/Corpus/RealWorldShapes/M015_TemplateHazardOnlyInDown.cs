// expect: none
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(15)]
    public class AddMovieRuntime : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Alter.Table("Movies").AddColumn("Runtime").AsInt32().Nullable();
        }

        public override void Down()
        {
            Delete.Column("Runtime").FromTable("Movies");
        }
    }
}
