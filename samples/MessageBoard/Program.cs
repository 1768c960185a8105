using MessageBoard;

MessageBoardApp.Build(args).Run();
