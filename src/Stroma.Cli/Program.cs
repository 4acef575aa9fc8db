using Stroma.Cli;

// Synchronous on purpose: an async Main is a state machine the JIT must compile before the first line runs (see RunAsync).
return StromaCommand.RunAsync(args, Console.Out, Console.Error).GetAwaiter().GetResult();
