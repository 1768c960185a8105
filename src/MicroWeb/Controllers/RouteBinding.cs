namespace MicroWeb.Controllers;

/// <summary>One route parameter a binder reads: its index in the template, who reads it (<c>id</c>, <c>form.Id</c>) and as what type.</summary>
internal readonly record struct RouteBinding(int Index, string Name, Type Type);
