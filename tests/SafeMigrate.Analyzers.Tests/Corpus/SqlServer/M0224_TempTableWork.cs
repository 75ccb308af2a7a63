// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(224)]
    public class NormalizeCountryCodes : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
CREATE TABLE #map (OldCode char(3) NOT NULL, NewCode char(2) NOT NULL);
INSERT INTO #map VALUES ('FRA', 'FR'), ('DEU', 'DE'), ('PRT', 'PT');
UPDATE a SET CountryCode = m.NewCode
FROM dbo.Addresses a INNER JOIN #map m ON m.OldCode = a.CountryCode
WHERE a.Id BETWEEN 1 AND 4000;
DROP TABLE #map;");
        }

        public override void Down()
        {
        }
    }
}
