global using Xunit;
global using VelesDb.Interchange;
