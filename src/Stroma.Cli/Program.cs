using Stroma.Cli;

return await StromaCommand.RunAsync(args, Console.Out, Console.Error);
