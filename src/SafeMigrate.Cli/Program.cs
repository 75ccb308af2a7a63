using SafeMigrate.Cli;

return await SafeMigrateCommandLine.RunAsync(args, Console.Out, Console.Error);
