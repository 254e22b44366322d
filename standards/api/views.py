from rest_framework import viewsets


class BehaviourViewSet(viewsets.ViewSet):
    pass


StandardsVersionViewSet = BehaviourViewSet
