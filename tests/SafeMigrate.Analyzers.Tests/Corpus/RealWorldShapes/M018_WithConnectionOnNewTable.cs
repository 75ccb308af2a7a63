// expect: SM3003
using System.Data;
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(18)]
    public class SeedQualityProfiles : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Create.TableForModel("QualityProfiles").WithColumn("Name").AsString();
            Execute.WithConnection((connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "UPDATE \"Movies\" SET \"QualityProfileId\" = 1";
                command.ExecuteNonQuery();
            });
        }
    }
}
