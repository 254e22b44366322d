from rest_framework import viewsets


class JourneyViewSet(viewsets.ViewSet):
    pass


TouchpointViewSet = MomentViewSet = JourneyViewSet
