global using Xunit;
global using VelesDb.Engine;
global using VelesDb.Engine.Contract;
