// expect: SM1001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408071000)]
    public class RemoveSmsColumns : Migration
    {
        public override void Up()
        {
            DropColumns("customers", "sms_opt_in", "sms_number");
        }

        private void DropColumns(string table, params string[] columns)
        {
            foreach (var column in columns)
            {
                Delete.Column(column).FromTable(table);
            }
        }

        public override void Down()
        {
        }
    }
}
