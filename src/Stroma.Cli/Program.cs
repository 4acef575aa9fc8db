using Stroma.Cli;

return StromaCommand.Run(args, Console.Out, Console.Error);
