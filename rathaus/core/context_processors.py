def town(request):
    return {"town": getattr(request, "town", None)}
