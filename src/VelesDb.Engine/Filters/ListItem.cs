namespace VelesDb.Engine.Filters;

/// <summary>One item of a flat list on its way into a column: its code (see <see cref="ElementPool"/>) and its number.</summary>
internal readonly record struct ListItem(int Code, double Number);
