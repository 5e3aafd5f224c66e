{#- SPEC §5.5: the band of a sick-leave `before` (a percentage), judged on the value rounded
    to 9 decimals so that equal rates computed along different paths fall in one band. -#}
{% macro sick_leave_band(percent) -%}
    case
        when {{ percent }} is null then null
        when round({{ percent }}, 9) = 0 then '0'
        when round({{ percent }}, 9) <= 1 then '(0,1]'
        when round({{ percent }}, 9) <= 3 then '(1,3]'
        when round({{ percent }}, 9) <= 6 then '(3,6]'
        else '(6,100]'
    end
{%- endmacro %}

{#- The ordinary and short-term sick hours of each row of `lookups` (columns scope, person_id,
    day, ...) on the days before its `day`, read from the person's cumulative calendar
    (int_effect__sick_leave_calendar) with one as-of look-up: the hours of a window [a, b] are
    the hours before b + 1 minus the hours before a. -#}
{% macro hours_before_days(lookups) -%}
    select
        l.*,
        coalesce(c.ordinary_hours_before
                 + (8 * c.employment_rate * (wd.working_days_before - c.working_days_before) / 100)::decimal(38, 8), 0)
            as ordinary_hours_before,
        coalesce(c.short_term_sick_hours_before
                 + (8 * c.short_term_sick_rate * (wd.working_days_before - c.working_days_before) / 100)::decimal(38, 8), 0)
            as short_term_sick_hours_before
    from {{ lookups }} as l
    join {{ ref('stg_working_days') }} as wd on wd.day = l.day
    asof left join {{ ref('int_effect__sick_leave_calendar') }} as c
        on c.scope = l.scope and c.person_id = l.person_id and c.day <= l.day
{%- endmacro %}

{#- A window's hours from the look-ups of hours_before_days: the hours before its next day
    minus the hours before its first day, for the window before and the window after. -#}
{% macro window_hours() -%}
    sum(ordinary_hours_before) filter (where point = 'before_next')
        - sum(ordinary_hours_before) filter (where point = 'before_first') as before_ordinary_hours,
    sum(short_term_sick_hours_before) filter (where point = 'before_next')
        - sum(short_term_sick_hours_before) filter (where point = 'before_first') as before_short_term_sick_hours,
    sum(ordinary_hours_before) filter (where point = 'after_next')
        - sum(ordinary_hours_before) filter (where point = 'after_first') as after_ordinary_hours,
    sum(short_term_sick_hours_before) filter (where point = 'after_next')
        - sum(short_term_sick_hours_before) filter (where point = 'after_first') as after_short_term_sick_hours
{%- endmacro %}
