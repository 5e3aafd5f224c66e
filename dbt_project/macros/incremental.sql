{#- Incremental builds (docs/architecture.md, "Nightly runs do the night's work").

    The facts (fact_models below) are rebuilt in full on every run: they hold the logic
    that can reach far back (a case's length, a household's gender, what was known at a
    cutoff). int_fact_fingerprints sums a hash of their rows per calendar month, and
    int_fact_changes compares that with the fingerprints of the last successful build
    (meta.built_fingerprints): the first day of the earliest month that changed, per fact.

    An incremental model computes cells (project, period): the value of a period depends only
    on facts of months up to its end (SPEC §5 cuts everything at the period's cutoff). So a
    build keeps every cell whose period ends before the earliest changed month of the facts
    the model reads, deletes the others and computes them again from changed_periods(). -#}

{#- The facts, and how their rows are placed in months. `day`: the date of a row (a fact
    without one places every row on 1900-01-01: any change rebuilds all). An interval fact
    also names its `end` and the columns that only follow the end (`with_end`): its rows are
    placed twice, once at `day` without those columns and once, whole, at `end`. So an
    interval that only grows longer (an ongoing case or employment as as_of moves) changes the
    months from its old end on, not from its start. A model reading the `with_end` columns for
    periods before the end must not be incremental. -#}
{% macro fact_models() -%}
    {{ return({
        'int_project_periods': {'day': 'period_end'},
        'int_project_organisations': {'day': "date '1900-01-01'"},
        'int_sick_leave__employments': {'day': 'start_date', 'end': 'end_date'},
        'int_sick_cases': {'day': 'case_start', 'end': 'case_end', 'with_end': ['case_length', 'is_long']},
        'int_sick_leave__person_months': {'day': 'month_start'},
        'int_income_support_household_months': {'day': 'support_month'},
        'int_income_support_participant_months': {'day': 'period_end'},
    }) }}
{%- endmacro %}

{#- The config of an incremental cell model: append what changed_periods() computes after
    deleting the cells it will compute again. -#}
{% macro incremental_cells() -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_cells() }}",
    ) }}
    -- depends_on: {{ ref('int_fact_changes') }}
{%- endmacro %}

{#- The first day whose cells this model must compute again: the earliest changed month of the
    facts it reads (directly or through other models). -#}
{% macro changed_since() -%}
    (select coalesce(min(changed_from), date '9999-12-31')
     from {{ ref('int_fact_changes') }}
     where fact in ({{ "'" ~ facts_read_by(model) | join("', '") ~ "'" }}))
{%- endmacro %}

{#- Sources an incremental model may read without a fact in between: their rows change only
    with the code (schemas/, in esf.incremental.code_hash) or never change (a person's sex and
    birth year come from the personnummer). -#}
{% macro unchanging_sources() -%}
    {{ return(['raw.persons', 'raw.indicator_catalog', 'raw.code_lists', 'raw.working_days']) }}
{%- endmacro %}

{#- The facts upstream of a node, found in dbt's graph (a fact's own upstream is not walked).
    Reaching any other source means a change there would go unseen: that is an error. -#}
{% macro facts_read_by(node) -%}
    {%- set facts = fact_models() -%}
    {%- set ns = namespace(frontier=node.depends_on.nodes | list, seen=[], found=[]) -%}
    {%- for _ in range(100) if ns.frontier -%}
        {%- set parents = [] -%}
        {%- for uid in ns.frontier if uid not in ns.seen -%}
            {%- do ns.seen.append(uid) -%}
            {%- if uid in graph.sources -%}
                {%- set src = graph.sources[uid] -%}
                {%- if src.source_name ~ '.' ~ src.name not in unchanging_sources() -%}
                    {%- do exceptions.raise_compiler_error(
                        node.name ~ ' is incremental but reads ' ~ src.source_name ~ '.' ~ src.name
                        ~ ' through no fact of macros/incremental.sql') -%}
                {%- endif -%}
            {%- elif graph.nodes[uid].name == 'int_fact_changes' -%}
            {%- elif graph.nodes[uid].name in facts -%}
                {%- do ns.found.append(graph.nodes[uid].name) -%}
            {%- else -%}
                {%- do parents.extend(graph.nodes[uid].depends_on.nodes) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set ns.frontier = parents -%}
    {%- endfor -%}
    {{ return(ns.found | unique | list) }}
{%- endmacro %}

{#- The periods an incremental model computes: all of them on a full build, else those that
    end on or after changed_since(). Used instead of ref('int_project_periods'). -#}
{% macro changed_periods() -%}
    {%- if is_incremental() %}
    (select * from {{ ref('int_project_periods') }} where period_end >= {{ changed_since() }})
    {%- else %}
    {{ ref('int_project_periods') }}
    {%- endif %}
{%- endmacro %}

{#- Another incremental model's cells, restricted the same way (for a model whose rows come
    from that model's rather than from changed_periods()). -#}
{% macro changed_cells(relation) -%}
    {%- if is_incremental() %}
    (select * from {{ relation }} where period_end >= {{ changed_since() }})
    {%- else %}
    {{ relation }}
    {%- endif %}
{%- endmacro %}

{#- pre_hook of an incremental cell model: delete the cells it computes again. -#}
{% macro delete_changed_cells() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where period_end >= {{ changed_since() }}
    {%- endif -%}
{%- endmacro %}
