from django.urls import path

from . import views

app_name = "exchanges"

urlpatterns = [
    path("secondments/", views.SecondmentListView.as_view(), name="secondment_list"),
    path("secondments/new/", views.SecondmentCreateView.as_view(), name="secondment_create"),
    path("secondments/<int:pk>/", views.SecondmentDetailView.as_view(), name="secondment_detail"),
    path("secondments/<int:pk>/edit/", views.SecondmentUpdateView.as_view(), name="secondment_update"),
    path("secondments/<int:pk>/delete/", views.SecondmentDeleteView.as_view(), name="secondment_delete"),
    path("trainings/", views.TrainingListView.as_view(), name="training_list"),
    path("trainings/new/", views.TrainingCreateView.as_view(), name="training_create"),
    path("trainings/<int:pk>/", views.TrainingDetailView.as_view(), name="training_detail"),
    path("trainings/<int:pk>/edit/", views.TrainingUpdateView.as_view(), name="training_update"),
    path("trainings/<int:pk>/delete/", views.TrainingDeleteView.as_view(), name="training_delete"),
    path("trainings/<int:pk>/trainees/new/", views.TraineeCreateView.as_view(), name="trainee_create"),
    path("trainees/<int:pk>/edit/", views.TraineeUpdateView.as_view(), name="trainee_update"),
    path("trainees/<int:pk>/delete/", views.TraineeDeleteView.as_view(), name="trainee_delete"),
    path("exchange-figures/", views.ExchangeFiguresView.as_view(), name="figures"),
]
