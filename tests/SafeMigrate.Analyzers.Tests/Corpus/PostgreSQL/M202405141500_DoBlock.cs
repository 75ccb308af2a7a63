// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202405141500)]
    public class EnsureCartsNoteColumn : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'carts' AND column_name = 'note') THEN
        ALTER TABLE carts ADD COLUMN note text;
    END IF;
END
$$;");
        }

        public override void Down()
        {
        }
    }
}
