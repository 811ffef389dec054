"""``aidecay mcp``: the Model Context Protocol server agents ask before they write.

``roots`` confines paths, ``caps`` bounds what goes out, ``workspace`` holds the shared
database and index, ``queries``/``helpers``/``checking``/``regions`` answer the tools as plain
data, ``schemas`` types them and ``server`` puts them on the SDK's ``MCPServer``.
"""
