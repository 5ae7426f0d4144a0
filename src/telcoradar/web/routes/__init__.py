"""The API's routers, one module per kind of thing, and the dashboard's pages."""
