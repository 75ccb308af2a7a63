// expect: SM3003
using System.Data;
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(5)]
    public class ConvertHistoryData : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Alter.Table("History").AddColumn("Data").AsString().Nullable();
            Execute.WithConnection(ConvertHistory);
        }

        private void ConvertHistory(IDbConnection connection, IDbTransaction transaction)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE \"History\" SET \"Data\" = '{}'";
            command.ExecuteNonQuery();
        }
    }
}
