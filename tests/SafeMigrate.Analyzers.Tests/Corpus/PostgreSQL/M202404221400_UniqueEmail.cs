// expect: SM2005
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202404221400)]
    public class UniqueNewsletterEmail : Migration
    {
        public override void Up()
        {
            Create.UniqueConstraint("uq_newsletter_subscribers_email").OnTable("newsletter_subscribers").Column("email");
        }

        public override void Down()
        {
            Delete.UniqueConstraint("uq_newsletter_subscribers_email").FromTable("newsletter_subscribers");
        }
    }
}
