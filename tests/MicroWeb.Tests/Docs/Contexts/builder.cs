// Statements of a Program.cs after `var builder = MicroWebApp.CreateBuilder(args);`.
using MicroWeb;

var builder = MicroWebApp.CreateBuilder(args);
/*snippet*/
