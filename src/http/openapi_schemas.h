/* openapi_schemas.h - every declared response schema (openapi_schemas_*.c),
 * for the route tables to point at (.response = &oas_...). */
#ifndef MZ_HTTP_OPENAPI_SCHEMAS_H
#define MZ_HTTP_OPENAPI_SCHEMAS_H

#include "http/openapi_schema.h"

/* openapi_schemas_assistance.c */
extern const http_schema oas_assistance_programs;
extern const http_schema oas_case;
extern const http_schema oas_cases;
extern const http_schema oas_cases_xlsx;
extern const http_schema oas_case_document;
extern const http_schema oas_documents_batch;
extern const http_schema oas_case_verification_post;
extern const http_schema oas_case_verification;
extern const http_schema oas_notices;
extern const http_schema oas_notices_xlsx;
extern const http_schema oas_notices_pdf;
extern const http_schema oas_staff_kin_post;
extern const http_schema oas_calendar;
extern const http_schema oas_calendar_day_put;
extern const http_schema oas_enrollments;
extern const http_schema oas_enrollment;
extern const http_schema oas_payroll_runs_post;
extern const http_schema oas_payroll_runs;
extern const http_schema oas_payroll_run_lines;
extern const http_schema oas_payroll_run_lines_xlsx;
extern const http_schema oas_payroll_run_bank_file;
extern const http_schema oas_payroll_run_reconciliation_post;
extern const http_schema oas_payroll_totals;
extern const http_schema oas_evidence_batches;
extern const http_schema oas_integrity;
extern const http_schema oas_integrity_resolve_post;
extern const http_schema oas_case_row;
extern const http_schema oas_notice;
extern const http_schema oas_enrollment_row;
extern const http_schema oas_payroll_run_row;
extern const http_schema *const openapi_schemas_assistance[];

/* openapi_schemas_deliberation.c */
extern const http_schema oas_deliberation_params;
extern const http_schema oas_deliberation_halls;
extern const http_schema oas_deliberation_hall;
extern const http_schema oas_deliberation_meeting;
extern const http_schema oas_deliberation_resolution;
extern const http_schema oas_deliberation_resolutions;
extern const http_schema oas_deliberation_rates;
extern const http_schema oas_deliberation_escalations;
extern const http_schema oas_public_deliberation_hall;
extern const http_schema *const openapi_schemas_deliberation[];

/* openapi_schemas_eldercare.c */
extern const http_schema oas_eldercare_params;
extern const http_schema oas_eldercare_assessment_standard;
extern const http_schema oas_eldercare_assessments_score_post;
extern const http_schema oas_eldercare_assessments_due;
extern const http_schema oas_eldercare_person_assessments;
extern const http_schema oas_eldercare_person_assessments_post;
extern const http_schema oas_eldercare_person_assessment_changes_post;
extern const http_schema oas_eldercare_person_categories;
extern const http_schema oas_eldercare_person_categories_post;
extern const http_schema oas_eldercare_category_end;
extern const http_schema oas_eldercare_person_cards_post;
extern const http_schema oas_eldercare_person_card_pdf;
extern const http_schema oas_eldercare_person_assessment_report;
extern const http_schema oas_eldercare_person_meals;
extern const http_schema oas_eldercare_providers;
extern const http_schema oas_eldercare_providers_post;
extern const http_schema oas_eldercare_provider_users_post;
extern const http_schema oas_eldercare_canteens;
extern const http_schema oas_eldercare_canteen;
extern const http_schema oas_eldercare_canteen_checkins_post;
extern const http_schema oas_eldercare_meal_cancel_post;
extern const http_schema oas_eldercare_meal_patch;
extern const http_schema oas_eldercare_canteen_meals;
extern const http_schema oas_eldercare_canteen_meals_xlsx;
extern const http_schema oas_eldercare_canteen_settlements_post;
extern const http_schema oas_eldercare_settlements;
extern const http_schema oas_eldercare_meal_anomalies;
extern const http_schema oas_eldercare_coverage;
extern const http_schema oas_eldercare_call_subscribers;
extern const http_schema oas_eldercare_call_subscriber;
extern const http_schema oas_eldercare_calls;
extern const http_schema oas_eldercare_calls_xlsx;
extern const http_schema oas_eldercare_calls_post;
extern const http_schema oas_eldercare_calls_board;
extern const http_schema oas_eldercare_call;
extern const http_schema oas_eldercare_call_alerts_sweep_post;
extern const http_schema oas_eldercare_call_alerts;
extern const http_schema oas_eldercare_call_alert_close_post;
extern const http_schema oas_eldercare_homes;
extern const http_schema oas_eldercare_homes_post;
extern const http_schema oas_eldercare_home_queue;
extern const http_schema oas_eldercare_home_queue_xlsx;
extern const http_schema oas_eldercare_home_requeue;
extern const http_schema oas_eldercare_home_vacancies_post;
extern const http_schema oas_eldercare_wait_application;
extern const http_schema oas_eldercare_offer_decide_post;
extern const http_schema oas_eldercare_offers_expire_post;
extern const http_schema oas_eldercare_visits_post;
extern const http_schema oas_eldercare_visits_due;
extern const http_schema oas_eldercare_visits_due_xlsx;
extern const http_schema oas_eldercare_visits_rates;
extern const http_schema oas_eldercare_home_beds;
extern const http_schema oas_eldercare_home_beds_post;
extern const http_schema oas_eldercare_home_bed_end_post;
extern const http_schema oas_eldercare_home_beds_missing;
extern const http_schema oas_eldercare_home_bed_visits_post;
extern const http_schema oas_eldercare_dashboard;
extern const http_schema oas_eldercare_dashboard_xlsx;
extern const http_schema *const openapi_schemas_eldercare[];

/* openapi_schemas_marriage.c */
extern const http_schema oas_marriage_offices;
extern const http_schema oas_marriage_office_slots;
extern const http_schema oas_marriage_appointments_post;
extern const http_schema oas_marriage_appointments;
extern const http_schema oas_marriage_precheck_post;
extern const http_schema oas_marriage_marriage;
extern const http_schema oas_marriage_marriages;
extern const http_schema oas_marriage_marriage_reissue_post;
extern const http_schema oas_marriage_certificate;
extern const http_schema oas_marriage_stats;
extern const http_schema oas_marriage_divorce;
extern const http_schema oas_marriage_divorces;
extern const http_schema oas_divorce_certificate;
extern const http_schema *const openapi_schemas_marriage[];

/* openapi_schemas_posthumous.c */
extern const http_schema oas_posthumous_matters;
extern const http_schema oas_posthumous_deaths_post;
extern const http_schema oas_posthumous_deaths;
extern const http_schema oas_posthumous_death;
extern const http_schema oas_posthumous_cremations_post;
extern const http_schema oas_posthumous_death_task_receipt_post;
extern const http_schema oas_posthumous_progress_post;
extern const http_schema oas_public_posthumous_progress_post;
extern const http_schema oas_posthumous_funeral_homes;
extern const http_schema oas_posthumous_funeral_home_staff_post;
extern const http_schema oas_posthumous_cremations;
extern const http_schema oas_posthumous_eco_burial;
extern const http_schema *const openapi_schemas_posthumous[];

/* openapi_schemas_safetynet.c */
extern const http_schema oas_safetynet_inbound_events_post;
extern const http_schema oas_safetynet_inbound_files_post;
extern const http_schema oas_safetynet_public_requests_post;
extern const http_schema oas_safetynet_catalog;
extern const http_schema oas_safetynet_departments;
extern const http_schema oas_safetynet_departments_post;
extern const http_schema oas_safetynet_events;
extern const http_schema oas_safetynet_xlsx;
extern const http_schema oas_safetynet_alerts;
extern const http_schema oas_safetynet_alert;
extern const http_schema oas_safetynet_orders;
extern const http_schema oas_safetynet_order;
extern const http_schema oas_safetynet_rules;
extern const http_schema *const openapi_schemas_safetynet[];

/* openapi_schemas_volunteer.c */
extern const http_schema oas_volunteer_services;
extern const http_schema oas_volunteer_me;
extern const http_schema oas_volunteer_orgs;
extern const http_schema oas_volunteer_volunteers;
extern const http_schema oas_volunteer_volunteers_post;
extern const http_schema oas_volunteer_movement_created;
extern const http_schema oas_volunteer_account;
extern const http_schema oas_volunteer_movements;
extern const http_schema oas_volunteer_movement_reverse_post;
extern const http_schema oas_volunteer_ledger_check;
extern const http_schema oas_volunteer_service_orders;
extern const http_schema oas_volunteer_service_orders_post;
extern const http_schema oas_volunteer_service_order;
extern const http_schema oas_volunteer_service_order_accept_post;
extern const http_schema oas_volunteer_service_order_decline_post;
extern const http_schema oas_volunteer_service_order_checkout_post;
extern const http_schema oas_volunteer_pairings;
extern const http_schema oas_volunteer_pairing_end;
extern const http_schema oas_volunteer_activities;
extern const http_schema oas_volunteer_activity;
extern const http_schema *const openapi_schemas_volunteer[];

/* openapi_schemas_core.c */
extern const http_schema oas_calendar_years;
extern const http_schema oas_calendar_years_put;
extern const http_schema oas_open_api_document;
extern const http_schema oas_session_post;
extern const http_schema oas_session;
extern const http_schema oas_session_delete;
extern const http_schema oas_me_table_setting;
extern const http_schema oas_export;
extern const http_schema oas_divisions;
extern const http_schema oas_division_names;
extern const http_schema oas_division;
extern const http_schema oas_persons;
extern const http_schema oas_person;
extern const http_schema oas_person_reveal_post;
extern const http_schema oas_person_history;
extern const http_schema oas_households;
extern const http_schema oas_households_xlsx;
extern const http_schema oas_persons_xlsx;
extern const http_schema oas_household;
extern const http_schema oas_household_history;
extern const http_schema oas_stats_registry;
extern const http_schema oas_users;
extern const http_schema oas_users_post;
extern const http_schema oas_user_patch;
extern const http_schema oas_audit;
extern const http_schema oas_audit_xlsx;
extern const http_schema oas_audit_verify;
extern const http_schema oas_audit_checkpoints;
extern const http_schema oas_policy_programs;
extern const http_schema oas_policy_program;
extern const http_schema oas_policy_eval_post;
extern const http_schema oas_policy_reload_post;
extern const http_schema oas_screen_items;
extern const http_schema oas_screen_items_xlsx;
extern const http_schema oas_screen_item_work_post;
extern const http_schema oas_screen_runs;
extern const http_schema oas_screen_runs_post;
extern const http_schema oas_jobs;
extern const http_schema oas_events;
extern const http_schema oas_event_retry;
extern const http_schema oas_test_clock;
extern const http_schema oas_test_fault;
extern const http_schema oas_event;
extern const http_schema oas_job;
extern const http_schema oas_person_row;
extern const http_schema oas_household_row;
extern const http_schema oas_audit_record;
extern const http_schema oas_screen_item;
extern const http_schema *const openapi_schemas_core[];

/* openapi_schemas_hall.c */
extern const http_schema oas_hall;
extern const http_schema oas_hall_indicators;
extern const http_schema oas_hall_export;
extern const http_schema oas_hall_trend;
extern const http_schema *const openapi_schemas_hall[];

/* openapi_schemas_notices.c */
extern const http_schema oas_inbox;
extern const http_schema oas_inbox_unread;
extern const http_schema oas_inbox_read_all_post;
extern const http_schema oas_inbox_read_post;
extern const http_schema oas_inbox_message;
extern const http_schema *const openapi_schemas_notices[];

#endif
