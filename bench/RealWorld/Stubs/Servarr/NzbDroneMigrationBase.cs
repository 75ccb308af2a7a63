// Stand-in for the migration base class of the Servarr code bases (Sonarr, Radarr): the same names and the same
// template-method shape (Up() dispatches to MainDbUpgrade() / LogDbUpgrade() by the database being migrated), none of
// their code. Written for bench/RealWorld/measure.py, which compiles their migration files against it.
using System;
using FluentMigrator;

namespace NzbDrone.Core.Datastore.Migration.Framework
{
    public enum MigrationType
    {
        Main,
        Log,
    }

    public class MigrationContext
    {
        public MigrationContext(MigrationType migrationType, long? desiredVersion = null)
        {
            MigrationType = migrationType;
            DesiredVersion = desiredVersion;
        }

        public static MigrationContext Current { get; set; } = new MigrationContext(MigrationType.Main);

        public MigrationType MigrationType { get; }

        public long? DesiredVersion { get; set; }

        public Action<NzbDroneMigrationBase>? BeforeMigration { get; set; }
    }

    public abstract class NzbDroneMigrationBase : FluentMigrator.Migration
    {
        protected virtual void MainDbUpgrade()
        {
        }

        protected virtual void LogDbUpgrade()
        {
        }

        public override void Up()
        {
            MigrationContext.Current.BeforeMigration?.Invoke(this);
            switch (MigrationContext.Current.MigrationType)
            {
                case MigrationType.Main:
                    MainDbUpgrade();
                    return;
                case MigrationType.Log:
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
}
