using SafeMigrate.Cli;

using var stop = StopSignals.Register();
return await SafeMigrateCommandLine.RunAsync(args, Console.Out, Console.Error, stop.Token);
