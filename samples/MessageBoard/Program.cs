using MessageBoard;
using MessageBoard.Data;

try
{
    MessageBoardApp.Build(args).Run();
    return 0;
}
catch (BoardConfigurationException e)
{
    Console.Error.WriteLine("MessageBoard: " + e.Message);
    return 1;
}
