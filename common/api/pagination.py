"""The project's page-number pagination (PAGE_SIZE from settings), with `page` checked."""

import re

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's PageNumberPagination, except that `?page=` must be a page number.

    DRF reads an empty `?page=` as page 1 and also takes "1.0" and "last", none of which
    the schema promises; here they are a 404 ("Invalid page."), like a page past the end.
    """

    last_page_strings = ()

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param)
        if number is None:
            return 1
        # Anything else than digits makes Django's paginator raise PageNotAnInteger.
        return number if re.fullmatch(r"[1-9][0-9]{0,17}", number) else "invalid"

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
